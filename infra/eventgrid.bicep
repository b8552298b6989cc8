// Phase three of `azd up` (run by infra/hooks/postdeploy.sh after the code is deployed): the
// subscription that delivers the uploads container's BlobCreated events to the function's blob
// extension webhook. The webhook wants the host's `blobs_extension` system key; it is read here
// with listKeys at deployment time, so it never passes through the shell, a file or an output.

@description('Name of the function app that hosts ClassifyUpload.')
param functionAppName string

@description('Name of the storage account\'s Event Grid system topic (created by main.bicep).')
param systemTopicName string

@description('Container in the same storage account for events that could not be delivered.')
param deadLetterContainerName string = 'deadletter'

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

var blobExtensionKey = listKeys('${functionApp.id}/host/default', '2025-03-01').systemKeys.blobs_extension

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'classify-uploads'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        // Host.Functions.<name> must match [Function("ClassifyUpload")] in the app.
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.ClassifyUpload&code=${blobExtensionKey}'
        // One blob per delivery: each image is an independent unit of work.
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      // The container of the function's trigger path (uploads/{name}); the trailing slash
      // keeps look-alike containers such as uploads-archive out.
      subjectBeginsWith: '/blobServices/default/containers/uploads/'
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
    }
    // Event Grid retries a failed delivery with exponential back-off (from 10 seconds up to hours
    // apart) while the app is cold, scaling or failing. Whatever is still undelivered after 30
    // attempts or 24 hours, whichever comes first, goes to the dead-letter container, not away.
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    // Written with the topic's own identity (shared keys are off on the account); main.bicep
    // grants it Storage Blob Data Contributor on this one container.
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          // The topic's source is the storage account that holds uploads/.
          resourceId: topic.properties.source
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output subscriptionName string = subscription.name
