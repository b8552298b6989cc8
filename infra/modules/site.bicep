// The study site (lesson recap, quiz, live demo): plain static files served by a Static Web
// App on the free tier. azd deploys the files after the site builder has written them with the
// function app's URL baked in as the demo's API base.

@description('Name of the Static Web App.')
param name string

@description('Region for the Static Web App; the service exists in a few regions only.')
@allowed([
  'centralus'
  'eastus2'
  'eastasia'
  'westeurope'
  'westus2'
])
param location string

@description('Tags applied to the Static Web App (must include azd-service-name).')
param tags object

resource site 'Microsoft.Web/staticSites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Free'
    tier: 'Free'
  }
  properties: {
    // azd deploys the built files itself; no repository is linked.
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostname}'
