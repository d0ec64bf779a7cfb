using 'main.bicep'

param environmentName = 'prod'
param location = 'westeurope'
param namePrefix = 'agentmkt'
// Pin released tags in production.
param textAnalystImage = 'text-analyst:1.0.0'
param unitConverterImage = 'unit-converter:1.0.0'
param deployAgents = true
param agentMinReplicas = 1
param alwaysReadyDurable = 2
param maximumInstanceCount = 200
param instanceMemoryMB = 2048
param keyVaultPurgeProtection = true
param logRetentionDays = 90
