metadata description = 'The marketplace Function App on Flex Consumption: dotnet-isolated 10.0, identity-based settings only.'

param name string
param location string
param tags object

@description('Resource id and client id of the user-assigned identity the app runs as.')
param identityId string
param identityClientId string

param storageName string
param deploymentContainerName string
param insightsName string
param cosmosEndpoint string
param cosmosDatabaseName string
param serviceBusNamespace string
param keyVaultUri string
param adminKeySecretName string
param pushSigningKeySecretName string
@description('Key Vault secret holding the base64 of the 32-byte key that encrypts webhook signing secrets at rest.')
param webhookSecretKeySecretName string
param taskHubName string

@description('Neo4j HTTP address; empty: the embedded graph.')
param neo4jUri string
param neo4jUser string
param neo4jPasswordSecretName string

@description('Public address of the marketplace (custom domain); empty: the app\'s default host name.')
param publicBaseUrl string

@description('OpenID Connect authority (Entra ID); empty: sign-in off, API keys only.')
param signInAuthority string

@description('Client id of the API\'s app registration.')
param signInClientId string

@description('Access tokens\' audience; empty: the client id.')
param signInAudience string

@description('Scope published for clients that call the API; empty: none.')
param signInScope string

@description('Multi-tenant authority: the directories (tid) allowed to sign in; empty: any.')
param signInAllowedTenants array

@description('The console\'s public client id; empty: API-key sign-in only.')
param consoleClientId string

@description('What the console asks for at sign-in.')
param consoleScopes string

@description('Reverse proxies whose X-Forwarded-For the audit log believes.')
param trustedProxies array

@description('Browser origins allowed to call the API (the console\'s Static Web App): platform CORS.')
param corsAllowedOrigins array = []

param alwaysReadyDurable int
param maximumInstanceCount int
param instanceMemoryMB int

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = { name: storageName }
resource insights 'Microsoft.Insights/components@2020-02-02' existing = { name: insightsName }

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
    publicNetworkAccess: 'Enabled'
    // Key Vault references resolve with the user-assigned identity (there is no system-assigned one).
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      // Flex Consumption takes the runtime here; FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not allowed.
      runtime: { name: 'dotnet-isolated', version: '10.0' }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // Orchestrations and activities keep warm instances: task lifecycles and push deliveries do not wait for a cold start.
        alwaysReady: [ { name: 'durable', instanceCount: alwaysReadyDurable } ]
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // The console calls /a2a (chat, tasks) on the app's own host name, which the Static Web App does not forward.
      cors: { allowedOrigins: corsAllowedOrigins, supportCredentials: false }
    }
  }
}

// No basic-auth publishing: deployments authenticate with Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

// List options bind from numbered keys (Identity__AllowedTenants__0, …), one setting per entry.
var identityListSettings = union(
  toObject(range(0, length(signInAllowedTenants)), i => 'Identity__AllowedTenants__${i}', i => signInAllowedTenants[i]),
  toObject(range(0, length(trustedProxies)), i => 'Identity__TrustedProxies__${i}', i => trustedProxies[i]))

// Every setting is an identity, an endpoint, a name or a Key Vault reference: no key, no connection string with a secret.
// A separate resource so the public base URL can use the app's own default host name.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union({
    // Functions host (triggers, Durable task hub, deployment) and the app's own Table/Blob/Queue clients.
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    // DefaultAzureCredential (Cosmos DB, Service Bus, Azure Monitor exporter) picks the user-assigned identity.
    AZURE_CLIENT_ID: identityClientId
    // The connection string only names the ingestion endpoint; with local auth off, ingestion needs the identity's token.
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
    Marketplace__AdminKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${adminKeySecretName})'
    Marketplace__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : publicBaseUrl
    Identity__Issuer: signInAuthority
    Identity__ClientId: signInClientId
    Identity__Audience: signInAudience
    Identity__Scope: signInScope
    Identity__ConsoleClientId: consoleClientId
    Identity__ConsoleScopes: consoleScopes
    Documents__Provider: 'Cosmos'
    Documents__Cosmos__Endpoint: cosmosEndpoint
    Documents__Cosmos__Database: cosmosDatabaseName
    // host.json: "hubName": "%Durable__TaskHub%".
    Durable__TaskHub: taskHubName
    A2A__Push__SigningKeyPem: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${pushSigningKeySecretName})'
    Webhooks__SecretKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${webhookSecretKeySecretName})'
    ServiceBus__FullyQualifiedNamespace: serviceBusNamespace
    // The knowledge graph: Neo4j when an address is given; otherwise the embedded graph, whose log must live on a
    // writable path (the app's own files are read-only), so each instance keeps its own in temporary storage.
    Neo4j__Uri: neo4jUri
    Neo4j__User: empty(neo4jUri) ? '' : neo4jUser
    Neo4j__Password: empty(neo4jUri) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${neo4jPasswordSecretName})'
    Neo4j__EmbeddedPath: '/tmp/marketplace/graph.jsonl'
  }, identityListSettings)
}

output id string = app.id
output name string = app.name
output defaultHostName string = app.properties.defaultHostName
