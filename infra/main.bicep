// Phase one of `azd up`: everything except the Event Grid subscription. The subscription needs
// the blob extension's system key, which the Functions host creates only after the code is
// deployed, so infra/hooks/postdeploy.sh deploys infra/eventgrid.bicep once the host is up.
targetScope = 'subscription'

@description('azd environment name; names the resource group and seeds unique names.')
@minLength(1)
@maxLength(64)
param environmentName string

// The regions that offer the Flex Consumption plan (FC1), so that `azd up` offers no region in
// which the plan, created after several other resources, would fail. Taken from
// `az functionapp list-flexconsumption-locations` as published in Microsoft's Flex Consumption azd
// templates (November 2026), without the canary region eastus2euap. The list grows: see
// docs/deploy.md to add a region.
@description('Region for every resource except the static site; one where Flex Consumption is offered.')
@minLength(1)
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({ azd: { type: 'location' } })
param location string

@description('Region for the Static Web App, which is offered in a few regions only.')
@allowed([
  'centralus'
  'eastus2'
  'eastasia'
  'westeurope'
  'westus2'
])
param siteLocation string = 'westeurope'

@description('Object id of the person running azd, granted blob read/write for uploads; empty to skip.')
param principalId string = ''

@description('Memory of each function instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on function instances (Flex Consumption: 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Overrides the model card\'s minConfidence when not empty, e.g. 0.6.')
param minConfidence string = ''

@description('Largest accepted image in bytes.')
@minValue(1)
param maxImageBytes int = 20971520

@description('Largest accepted image in pixels (width x height).')
@minValue(1)
param maxPixels int = 40000000

@description('ONNX Runtime intra-op threads; 0 lets the runtime decide.')
@minValue(0)
param intraOpThreads int = 0

@description('Weights to serve: int8 (the model package\'s quantized twin when it has one) or fp32.')
@allowed([
  'int8'
  'fp32'
])
param precision string = 'int8'

@description('Most concurrent requests coalesced into one model run; 0 turns micro-batching off.')
@minValue(0)
param maxBatch int = 8

@description('Milliseconds a forming batch waits for requests that are still decoding.')
@minValue(0)
param maxBatchWaitMs int = 2

@description('When true, anonymous routes under /api/public open the live demo to everyone.')
param publicDemo bool = false

@description('Largest image in bytes the anonymous /api/public routes accept (lower than maxImageBytes).')
@minValue(1)
param publicMaxImageBytes int = 4194304

@description('Largest image in pixels the anonymous /api/public routes accept (lower than maxPixels).')
@minValue(1)
param publicMaxPixels int = 16000000

@description('Days the Log Analytics workspace keeps logs and Application Insights telemetry (30-730; the first 31 are included in the ingestion price).')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Days after which uploads/ and predictions/ blobs are deleted, reviewed or not.')
@minValue(1)
param retentionDays int = 30

@description('Header holding the caller\'s address for the rate limit, set only behind a front end that overwrites it (e.g. X-Azure-ClientIP behind Front Door); empty: the address the Functions host forwards.')
param clientAddressHeader string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-${resourceToken}'
var uploadsContainer = 'uploads'
var predictionsContainer = 'predictions'
var modelsContainer = 'models'
// Where Event Grid puts BlobCreated events it could not deliver after its retries.
var deadLetterContainer = 'deadletter'
// Flex Consumption deploys from a blob container; one per app keeps packages apart.
var deploymentContainer = 'app-package-${take(resourceToken, 7)}'
// The Functions host's own containers (leases, its keys); created here so roles can be scoped to them.
var hostLeasesContainer = 'azure-webjobs-hosts'
var hostKeysContainer = 'azure-webjobs-secrets'
// The review queue and the hourly counters (TableAccount.ReviewTable and CounterTable in the code), the
// deployment record and the shadow comparisons (DeploymentStore.TableName, ShadowComparisons.TableName).
var appTables = [
  'reviews'
  'counters'
  'deployment'
  'comparisons'
]

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containerNames: [
      uploadsContainer
      predictionsContainer
      modelsContainer
      deadLetterContainer
      deploymentContainer
      hostLeasesContainer
      hostKeysContainer
    ]
    tableNames: appTables
    queueNames: [
      'webjobs-blobtrigger-poison'
    ]
    expiringPrefixes: [
      '${uploadsContainer}/'
      '${predictionsContainer}/'
    ]
    retentionDays: retentionDays
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    workspaceName: 'log-${resourceToken}'
    appInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
  }
}

module site 'modules/site.bicep' = {
  name: 'site'
  scope: rg
  params: {
    name: 'stapp-${resourceToken}'
    location: siteLocation
    tags: union(tags, { 'azd-service-name': 'site' })
  }
}

// Roles before the app: the host must reach storage the first time it starts.
module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    topicPrincipalId: eventGridTopic.outputs.principalId
    deadLetterContainerName: deadLetterContainer
    appWritableContainerNames: [
      uploadsContainer
      predictionsContainer
      deploymentContainer
      hostLeasesContainer
      hostKeysContainer
    ]
    appReadableContainerNames: [
      modelsContainer
    ]
    appTableNames: appTables
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  dependsOn: [
    roles
  ]
  params: {
    name: functionAppName
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainer
    modelContainerName: modelsContainer
    appInsightsName: monitoring.outputs.appInsightsName
    allowedOrigin: site.outputs.url
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    minConfidence: minConfidence
    maxImageBytes: maxImageBytes
    maxPixels: maxPixels
    intraOpThreads: intraOpThreads
    precision: precision
    maxBatch: maxBatch
    maxBatchWaitMs: maxBatchWaitMs
    publicDemo: publicDemo
    publicMaxImageBytes: publicMaxImageBytes
    publicMaxPixels: publicMaxPixels
    clientAddressHeader: clientAddressHeader
  }
}

module eventGridTopic 'modules/eventgrid-topic.bicep' = {
  name: 'eventgrid-topic'
  scope: rg
  params: {
    name: 'evgt-${resourceToken}'
    location: location
    tags: tags
    storageAccountId: storage.outputs.id
  }
}

// azd stores these in the environment; the hooks and docs/deploy.md read them by name.
output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output FUNCTION_APP_URL string = functionApp.outputs.url
output SITE_URL string = site.outputs.url
// The site's demo calls the anonymous twin routes only when the public demo is switched on.
output SITE_API_BASE string = '${functionApp.outputs.url}/api${publicDemo ? '/public' : ''}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output UPLOADS_CONTAINER string = uploadsContainer
output PREDICTIONS_CONTAINER string = predictionsContainer
output MODELS_CONTAINER string = modelsContainer
output DEAD_LETTER_CONTAINER string = deadLetterContainer
output EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGridTopic.outputs.name
