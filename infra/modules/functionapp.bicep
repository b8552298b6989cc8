// The classifier: a .NET 10 isolated-worker function app on the Flex Consumption plan, which
// scales out per event and to zero when idle. It reaches storage and Application Insights with
// its user-assigned identity only; no setting holds a key.

@description('Name of the function app (also its host name prefix).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region for the plan and the app.')
param location string

@description('Tags applied to the plan and the app (the app also gets azd-service-name).')
param tags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity; the SDKs need it to pick it among several.')
param identityClientId string

@description('Storage account that holds the host state, the containers and the package.')
param storageAccountName string

@description('Container that receives the deployment package (Flex Consumption deploys from blob).')
param deploymentContainerName string

@description('Container from which the app loads model.onnx + model.json at start-up.')
param modelContainerName string

@description('Application Insights component that receives the telemetry.')
param appInsightsName string

@description('The one browser origin allowed to call the API (the study site).')
param allowedOrigin string

@description('Memory of each instance in MB; ONNX Runtime plus a ResNet fits in 2048.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound on scale-out; Flex Consumption accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Overrides the model card\'s minConfidence when not empty, e.g. 0.6.')
param minConfidence string

@description('Largest accepted image in bytes.')
param maxImageBytes int

@description('Largest accepted image in pixels (width x height).')
param maxPixels int

@description('ONNX Runtime intra-op threads; 0 lets the runtime decide.')
param intraOpThreads int

@description('Weights to serve: int8 or fp32.')
param precision string

@description('Most concurrent requests coalesced into one model run; 0 turns micro-batching off.')
param maxBatch int

@description('Milliseconds a forming batch waits for requests that are still decoding.')
param maxBatchWaitMs int

@description('When true, anonymous twin routes under /api/public open the demo to everyone.')
param publicDemo bool

@description('Largest image in bytes the anonymous /api/public routes accept.')
param publicMaxImageBytes int

@description('Largest image in pixels the anonymous /api/public routes accept.')
param publicMaxPixels int

@description('Header the rate limit reads the caller\'s address from; empty: the address the host forwards.')
param clientAddressHeader string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    // Flex Consumption runs on Linux only.
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        // Exactly the study site; the demo is the only browser client.
        allowedOrigins: [
          allowedOrigin
        ]
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Every setting the app reads, by name. Flex Consumption sets the worker runtime and the
// extension version itself (functionAppConfig), so FUNCTIONS_WORKER_RUNTIME is not set here.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    // Identity-based host storage: the blob trigger, its receipts and the poison queue.
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    // Telemetry sent with the identity's token, since the component refuses the bare key.
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    Classifier__ModelContainer: modelContainerName
    Classifier__MinConfidence: minConfidence
    Classifier__MaxImageBytes: string(maxImageBytes)
    Classifier__MaxPixels: string(maxPixels)
    Classifier__IntraOpThreads: string(intraOpThreads)
    Classifier__Precision: precision
    Classifier__MaxBatch: string(maxBatch)
    Classifier__MaxBatchWaitMs: string(maxBatchWaitMs)
    Api__PublicDemo: publicDemo ? 'true' : 'false'
    Api__PublicMaxImageBytes: string(publicMaxImageBytes)
    Api__PublicMaxPixels: string(publicMaxPixels)
    // Every request reaches the worker from the host on loopback: exempting loopback would exempt everyone.
    RateLimit__ExemptLoopback: 'false'
    RateLimit__ClientAddressHeader: clientAddressHeader
  }
}

// No publishing with a user name and password: azd deploys with an Entra ID token, and the SCM
// (Kudu) and FTP endpoints refuse basic authentication.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
