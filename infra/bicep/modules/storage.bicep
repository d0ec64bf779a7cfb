metadata description = 'Storage for the app: tables, queues (with their poison queues), blobs, the Durable task hub and the Flex Consumption deployment packages. Shared keys are off: identity only.'

param name string
param location string
param tags object

@description('Blob container the Flex Consumption app deploys its package from.')
param deploymentContainerName string

// Names the code uses (shared/Storage/Tables.cs, shared/Queues/IQueueHandler.cs, task documents and the local push key).
var tables = [ 'Tenants', 'ApiKeys', 'Agents', 'AgentDirectory', 'Tasks', 'PushConfigs', 'Tools', 'ToolCalls', 'McpServers', 'RateLimits', 'Billing', 'Analytics', 'Reviews', 'Workflows', 'WorkflowRuns', 'Webhooks', 'WebhookDeliveries', 'Principals', 'Members', 'Memberships', 'Invitations', 'Audit' ]
var queues = [ 'integration-events', 'integration-events-poison', 'usage-events', 'usage-events-poison', 'analytics-events', 'analytics-events-poison', 'webhook-deliveries', 'webhook-deliveries-poison' ]
var containers = [ deploymentContainerName, 'task-documents', 'marketplace-keys', 'workflow-payloads' ]

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    isLocalUserEnabled: false
    isSftpEnabled: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Flex Consumption without a virtual network reaches storage over its public endpoint (Entra ID auth only).
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow', bypass: 'AzureServices' }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for c in containers: {
  parent: blobService
  name: c
  properties: { publicAccess: 'None' }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for q in queues: {
  parent: queueService
  name: q
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource storageTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for t in tables: {
  parent: tableService
  name: t
}]

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
