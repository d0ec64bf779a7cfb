@description('Container Apps environment and the sample agents, pulled from the registry with the managed identity.')
param namePrefix string
param location string
param tags object
param identityId string
param workspaceId string
param registryServer string
param agents array
param minReplicas int

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-agents'
  location: location
  tags: tags
  properties: {
    // Logs go through Azure Monitor diagnostic settings, so no workspace key is handed to the environment.
    appLogsConfiguration: { destination: 'azure-monitor' }
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
  properties: {
    workspaceId: workspaceId
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
  }
}

resource apps 'Microsoft.App/containerApps@2024-03-01' = [for agent in agents: {
  name: agent.name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      ingress: { external: true, targetPort: 8080, transport: 'auto', allowInsecure: false }
      registries: [ { server: registryServer, identity: identityId } ]
    }
    template: {
      containers: [
        {
          name: agent.name
          image: agent.image
          resources: { cpu: json('0.5'), memory: '1Gi' }
          env: [
            { name: 'PORT', value: '8080' }
            // The agent advertises its own public address in its card.
            { name: 'A2A_ENDPOINT', value: 'https://${agent.name}.${environment.properties.defaultDomain}' }
          ]
        }
      ]
      scale: { minReplicas: minReplicas, maxReplicas: 3 }
    }
  }
}]

output agentUrls array = [for (agent, i) in agents: 'https://${apps[i].properties.configuration.ingress.fqdn}']
