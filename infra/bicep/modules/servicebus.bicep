@description('Service Bus topics for integration events (CloudEvents), duplicate detection on, keys disabled.')
param name string
param location string
param tags object

var topics = [ 'agent-events', 'task-updates', 'workflow-progress', 'system-notifications' ]

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource serviceBusTopics 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = [for t in topics: {
  parent: namespace
  name: t
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    defaultMessageTimeToLive: 'P7D'
  }
}]

// One subscription per topic for the knowledge-graph feed; consumers add their own.
resource graphSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [for (t, i) in topics: {
  parent: serviceBusTopics[i]
  name: 'knowledge-graph'
  properties: {
    maxDeliveryCount: 10
    deadLetteringOnMessageExpiration: true
  }
}]

output id string = namespace.id
output name string = namespace.name
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
