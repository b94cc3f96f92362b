// Azure resources for the Help Desk bot, deployed by `teamsapp provision` (arm/deploy):
// a Linux App Service running Node 20, the Azure Bot registration with the Teams channel,
// and, when storeKind is 'cosmos', a Cosmos DB for NoSQL account (see cosmos.bicep).
// Written for old Bicep CLIs too (teamsapp.yml pins v0.9.1): no user-defined types, no `.?`.

@description('Prefix for every resource name; a short hash of the resource group is appended.')
@minLength(3)
@maxLength(20)
param resourceBaseName string

param location string = resourceGroup().location

@description('App Service plan SKU. Basic or higher: the bot needs Always On for its SLA timers.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServicePlanSku string = 'B1'

@description('Client ID of the bot\'s Microsoft Entra app (botAadApp/create writes it to BOT_ID).')
param botAadAppClientId string

@description('Client secret of the bot\'s Microsoft Entra app.')
@secure()
param botAadAppClientSecret string

@description('SingleTenant for new bots: Azure Bot no longer accepts new MultiTenant registrations.')
@allowed([
  'SingleTenant'
  'MultiTenant'
])
param botAppType string = 'SingleTenant'

@description('Tenant of the bot\'s Entra app. Defaults to the subscription\'s tenant; set it when Microsoft 365 lives in another tenant.')
param botTenantId string = subscription().tenantId

@maxLength(42)
param botDisplayName string = 'Help Desk'

@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

@description('Register the bot as an Azure Bot here. Set false only if it is registered elsewhere (one app ID can back only one bot registration).')
param createAzureBot bool = true

@description('Where tickets live: sqlite on the App Service\'s persistent /home share (one instance only), or Cosmos DB.')
@allowed([
  'sqlite'
  'cosmos'
])
param storeKind string = 'sqlite'

@allowed([
  'serverless'
  'autoscale'
])
param cosmosCapacityMode string = 'serverless'

@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
])
param logLevel string = 'info'

@description('Data directory for the SQLite file and other local state; /home survives restarts and redeploys.')
param dataDir string = '/home/helpdesk/data'

var nameSuffix = take(uniqueString(resourceGroup().id, resourceBaseName), 6)
var appName = toLower('${resourceBaseName}-${nameSuffix}')
var useCosmos = storeKind == 'cosmos'
var cosmosDatabaseName = 'helpdesk'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: appName
  location: location
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    // SQLite on a shared /home must have exactly one writer: keep one instance unless on Cosmos.
    capacity: 1
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // The package is built before deploy and mounted read-only, so skip `npm start`'s build.
      appCommandLine: 'node dist/src/main.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Served by src/server.ts; App Service restarts an instance that keeps failing it.
      healthCheckPath: '/healthz'
    }
  }
}

module cosmos 'cosmos.bicep' = if (useCosmos) {
  name: 'helpdesk-cosmos'
  params: {
    accountName: appName
    location: location
    databaseName: cosmosDatabaseName
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    dataContributorPrincipalId: webApp.identity.principalId
  }
}

// App settings live in their own resource: they need the Cosmos endpoint, and the Cosmos
// role assignment needs the web app's identity, so inlining them would make a cycle.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    BOT_ID: botAadAppClientId
    BOT_PASSWORD: botAadAppClientSecret
    BOT_TYPE: botAppType
    BOT_TENANT_ID: botTenantId
    HELPDESK_STORE: storeKind
    COSMOS_ENDPOINT: useCosmos ? cosmos.outputs.endpoint : ''
    COSMOS_DATABASE: useCosmos ? cosmosDatabaseName : ''
    HELPDESK_DATA_DIR: dataDir
    LOG_LEVEL: logLevel
    NODE_ENV: 'production'
    // teamsapp deploy uploads a built zip (dist/ and node_modules/): run it as is.
    WEBSITE_RUN_FROM_PACKAGE: '1'
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'true'
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = if (createAzureBot) {
  name: appName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: botAppType
    msaAppTenantId: botAppType == 'SingleTenant' ? botTenantId : ''
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = if (createAzureBot) {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// arm/deploy writes these into env/.env.<env> under the same names.
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output COSMOS_ENDPOINT string = useCosmos ? cosmos.outputs.endpoint : ''
