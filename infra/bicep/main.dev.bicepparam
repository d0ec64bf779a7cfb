using 'main.bicep'

param environmentName = 'dev'
param location = 'westeurope'
param namePrefix = 'agentmkt'
param textAnalystImage = 'text-analyst:latest'
param unitConverterImage = 'unit-converter:latest'
param deployAgents = true
param agentMinReplicas = 0
param alwaysReadyDurable = 1
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
param keyVaultPurgeProtection = false
param logRetentionDays = 30
