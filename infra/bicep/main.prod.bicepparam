using 'main.bicep'

param environmentName = 'prod'
param location = 'westeurope'
param namePrefix = 'agentmkt'
param textAnalystImage = 'agentmktprodacr.azurecr.io/text-analyst:1.0.0'
param unitConverterImage = 'agentmktprodacr.azurecr.io/unit-converter:1.0.0'
param alwaysReadyDurable = 2
param maximumInstanceCount = 200
param agentMinReplicas = 1
param keyVaultPurgeProtection = true
