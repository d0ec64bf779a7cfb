@description('The marketplace Function App on Flex Consumption, identity-based settings only.')
param name string
param location string
param tags object
param identityId string
param identityClientId string
param storageName string
param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param appInsightsConnectionString string
param cosmosEndpoint string
param serviceBusNamespace string
param keyVaultUri string
param alwaysReadyDurable int
param maximumInstanceCount int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}deployments'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
        alwaysReady: [ { name: 'durable', instanceCount: alwaysReadyDurable } ]
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Storage for triggers, Durable Functions and the app's own clients, by identity.
        { name: 'AzureWebJobsStorage__accountName', value: storageName }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: blobEndpoint }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: queueEndpoint }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: tableEndpoint }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD;ClientId=${identityClientId}' }
        { name: 'Marketplace__AdminKey', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/marketplace-admin-key)' }
        { name: 'Marketplace__PublicBaseUrl', value: 'https://${name}.azurewebsites.net' }
        { name: 'Documents__Provider', value: 'Cosmos' }
        { name: 'Documents__Cosmos__Endpoint', value: cosmosEndpoint }
        { name: 'Durable__TaskHub', value: 'marketplace' }
        { name: 'A2A__Push__SigningKeyPem', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/push-signing-key)' }
        { name: 'ServiceBus__FullyQualifiedNamespace', value: serviceBusNamespace }
      ]
    }
  }
}

output id string = app.id
output name string = app.name
output defaultHostName string = app.properties.defaultHostName
