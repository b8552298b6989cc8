// Run by infra/hooks/postdeploy.sh once the code is deployed: the key a demo visitor is given.
// It is a function-specific key named "demo" on the demo's functions only (predict, uploads and
// the result poll), so it opens none of the operator routes (review, stats, deployment: admin
// level, the master key) and no other function. The same value on the three functions lets the
// site send one key. It is generated here (newGuid, a secure parameter), so it never passes
// through the shell, a file, a log or an output; the operator lists it to hand it out
// (docs/deploy.md, "The demo and its key").

@description('Name of the function app.')
param functionAppName string

@description('Functions the demo calls with its key (their [Function] names in the app).')
param demoFunctionNames string[] = [
  'Predict'
  'Upload'
  'Prediction'
]

@description('Value of the demo key; generated when not given (two GUIDs, 64 hex digits).')
@secure()
param demoKeyValue string = '${replace(newGuid(), '-', '')}${replace(newGuid(), '-', '')}'

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource demoFunctions 'Microsoft.Web/sites/functions@2025-03-01' existing = [
  for functionName in demoFunctionNames: {
    parent: functionApp
    name: functionName
  }
]

resource demoKeys 'Microsoft.Web/sites/functions/keys@2025-03-01' = [
  for (functionName, i) in demoFunctionNames: {
    parent: demoFunctions[i]
    name: 'demo'
    value: demoKeyValue
  }
]
