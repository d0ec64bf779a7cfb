using 'main.bicep'

param environmentName = 'dev'
param location = 'westeurope'
param namePrefix = 'agentmkt'
param textAnalystImage = 'agentmktdevacr.azurecr.io/text-analyst:latest'
param unitConverterImage = 'agentmktdevacr.azurecr.io/unit-converter:latest'
param alwaysReadyDurable = 1
param maximumInstanceCount = 40
param agentMinReplicas = 0
param keyVaultPurgeProtection = false
