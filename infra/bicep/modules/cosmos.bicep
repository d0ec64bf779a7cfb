@description('Cosmos DB NoSQL, serverless, keys disabled: the document store for listings.')
param name string
param location string
param tags object

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    capabilities: [ { name: 'EnableServerless' } ]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [ { locationName: location, failoverPriority: 0 } ]
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: 'marketplace'
  properties: { resource: { id: 'marketplace' } }
}

resource agents 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'agents'
  properties: { resource: { id: 'agents', partitionKey: { paths: [ '/tenantId' ], kind: 'Hash' } } }
}

resource directory 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: 'agentDirectory'
  properties: { resource: { id: 'agentDirectory', partitionKey: { paths: [ '/id' ], kind: 'Hash' } } }
}

output id string = account.id
output name string = account.name
output endpoint string = account.properties.documentEndpoint
