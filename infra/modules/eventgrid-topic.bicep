// The Event Grid system topic that publishes the storage account's blob events. It is created
// with the infrastructure; the subscription that delivers to the function app comes later
// (infra/eventgrid.bicep, from the postdeploy hook) because it needs a key that exists only
// once the code runs. The topic has its own identity: with shared keys off, that is how it writes
// undeliverable events into the dead-letter container.

@description('Name of the system topic.')
param name string

@description('Region of the storage account (a system topic lives with its source).')
param location string

@description('Tags applied to the topic.')
param tags object

@description('Resource id of the storage account whose events are published.')
param storageAccountId string

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
output principalId string = topic.identity.principalId
