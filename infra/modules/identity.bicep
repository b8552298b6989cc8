// The function app's identity. A user-assigned identity exists before the app does, so its
// role assignments can be granted in the same deployment and are in place when the host first
// starts; a system-assigned one would leave a window in which the host cannot reach storage.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region for the identity.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
