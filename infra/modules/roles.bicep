// Data-plane roles, each scoped to the one resource it is needed on. With shared keys off these
// are the only way in, so they are also the whole list of what the app may do.

@description('Storage account the app and the user work with.')
param storageAccountName string

@description('Application Insights component the app sends telemetry to.')
param appInsightsName string

@description('Principal id of the function app\'s user-assigned identity.')
param appPrincipalId string

@description('Object id of the person running azd (read/write blobs with az --auth-mode login); empty to skip.')
param userPrincipalId string

@description('Principal id of the Event Grid system topic, which writes undeliverable events.')
param topicPrincipalId string

@description('Container that receives those dead-lettered events.')
param deadLetterContainerName string

@description('Containers the app reads and writes: uploads, predictions, the host\'s own (keys, leases) and the deployment package.')
param appWritableContainerNames string[]

@description('Containers the app only reads: the model.')
param appReadableContainerNames string[]

@description('Tables the app reads and writes: the review queue, the hourly counters, the deployment record and the shadow comparisons.')
param appTableNames string[]

// Built-in role definition ids (the same in every tenant).
var blobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var blobDataReader = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
var queueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var metricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' existing = {
  parent: storage
  name: 'default'
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' existing = {
  parent: blobService
  name: deadLetterContainerName
}

resource writableContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' existing = [
  for containerName in appWritableContainerNames: {
    parent: blobService
    name: containerName
  }
]

resource readableContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' existing = [
  for containerName in appReadableContainerNames: {
    parent: blobService
    name: containerName
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' existing = {
  parent: storage
  name: 'default'
}

resource appTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' existing = [
  for tableName in appTableNames: {
    parent: tableService
    name: tableName
  }
]

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Storage Blob Data Contributor on each container the app writes, not on the account: uploads/
// (the upload route), predictions/ (results), azure-webjobs-hosts and azure-webjobs-secrets (the
// host's leases and keys) and the deployment package, which Flex Consumption writes and reads with
// this identity. The dead-letter container and any container made later stay out of its reach.
resource appBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in appWritableContainerNames: {
    name: guid(writableContainers[i].id, appPrincipalId, blobDataContributor)
    scope: writableContainers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Storage Blob Data Reader on models/: the app loads the model and never writes it.
resource appBlobReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (containerName, i) in appReadableContainerNames: {
    name: guid(readableContainers[i].id, appPrincipalId, blobDataReader)
    scope: readableContainers[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataReader)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Storage Queue Data Contributor on the account: a blob that keeps failing moves to
// webjobs-blobtrigger-poison, and the host names its other blob-trigger queues after its host id
// at run time, so they cannot be listed here. Queues hold names of blobs, never images.
resource appQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, appPrincipalId, queueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueDataContributor)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Table Data Contributor on the app's own tables only (review queue, counters, deployment record, comparisons). The host's own
// diagnostic-events table (one per month, named at run time) is left out on purpose: those events
// also reach Application Insights (docs/deploy.md, "Who may do what").
resource appTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (tableName, i) in appTableNames: {
    name: guid(appTables[i].id, appPrincipalId, tableDataContributor)
    scope: appTables[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributor)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// Monitoring Metrics Publisher: telemetry ingestion with Entra ID (local auth is off).
resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, appPrincipalId, metricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisher)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Blob Data Contributor for the deploying user, so that `az storage blob upload
// --auth-mode login` and the result download work without keys. The principal type is left
// out on purpose: azd may run as a user or as a service principal in CI.
resource userBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  name: guid(storage.id, userPrincipalId, blobDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    principalId: userPrincipalId
  }
}

// Storage Table Data Contributor for the deploying user on the app's tables only: the operator's
// commands run with the operator's own credential (az login), not the app's identity:
// `classifier export-reviews` reads the review queue, `classifier rollout ...` reads and writes the
// deployment record and reads the reviews and comparisons behind the promote gate. Blobs
// (`classifier publish` into models/) are covered by the blob role above.
resource userTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (tableName, i) in appTableNames: if (!empty(userPrincipalId)) {
    name: guid(appTables[i].id, userPrincipalId, tableDataContributor)
    scope: appTables[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributor)
      principalId: userPrincipalId
    }
  }
]

// Storage Blob Data Contributor for the Event Grid topic on the dead-letter container only: it
// writes events there that it could not deliver, and needs nothing else in the account.
resource topicDeadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(deadLetterContainer.id, topicPrincipalId, blobDataContributor)
  scope: deadLetterContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributor)
    principalId: topicPrincipalId
    principalType: 'ServicePrincipal'
  }
}
