metadata description = 'Container Apps environment (logs to Log Analytics through Azure Monitor) and the sample A2A agents, pulled from the registry with their own identity.'

param namePrefix string
param location string
param tags object

@description('Resource id of the identity the agents run as (AcrPull on the registry, nothing else).')
param identityId string
param workspaceId string
param registryName string

@description('Agents: name (the container app name) and image (repository:tag in the registry).')
param agents array
param minReplicas int
param maxReplicas int

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = { name: registryName }

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-agents'
  location: location
  tags: tags
  properties: {
    // Logs go through Azure Monitor diagnostic settings, so no workspace shared key is handed to the environment.
    appLogsConfiguration: { destination: 'azure-monitor' }
    zoneRedundant: false
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
    environmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: { external: true, targetPort: 8080, transport: 'http', allowInsecure: false }
      registries: [ { server: registry.properties.loginServer, identity: identityId } ]
    }
    template: {
      containers: [
        {
          name: agent.name
          image: '${registry.properties.loginServer}/${agent.image}'
          resources: { cpu: json('0.5'), memory: '1Gi' }
          env: [
            { name: 'PORT', value: '8080' }
            // The agent advertises its own public address in its card (agents/AgentKit/AgentHost.cs).
            { name: 'A2A_ENDPOINT', value: 'https://${agent.name}.${environment.properties.defaultDomain}' }
          ]
          probes: [
            { type: 'Liveness', httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 30 }
            { type: 'Readiness', httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 }
          ]
        }
      ]
      scale: { minReplicas: minReplicas, maxReplicas: maxReplicas }
    }
  }
}]

output environmentName string = environment.name
output agentUrls array = [for (agent, i) in agents: 'https://${apps[i].properties.configuration.ingress.fqdn}']
