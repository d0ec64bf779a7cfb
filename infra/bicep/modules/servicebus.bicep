metadata description = 'Service Bus for integration events (CloudEvents, docs/events.md): four topics with duplicate detection, keys disabled.'

param name string
param location string
param tags object

// shared/Events/IntegrationEvent.cs (Topics).
var topics = [ 'agent-events', 'task-updates', 'workflow-progress', 'system-notifications' ]

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource serviceBusTopics 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = [for t in topics: {
  parent: namespace
  name: t
  properties: {
    // MessageId is the event id, so a republished event is dropped.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT1H'
    // Standard supports partitioned entities (PartitionKey = tenant id keeps one tenant's events in order).
    // Partitioning cannot be changed after a topic is created.
    enablePartitioning: true
    defaultMessageTimeToLive: 'P7D'
    maxSizeInMegabytes: 1024
  }
}]

// One subscription per topic for the knowledge-graph feed; other consumers add their own.
resource graphSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = [for (t, i) in topics: {
  parent: serviceBusTopics[i]
  name: 'knowledge-graph'
  properties: {
    maxDeliveryCount: 10
    lockDuration: 'PT1M'
    deadLetteringOnMessageExpiration: true
    deadLetteringOnFilterEvaluationExceptions: true
  }
}]

output id string = namespace.id
output name string = namespace.name
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
