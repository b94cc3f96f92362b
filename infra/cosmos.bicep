// Cosmos DB for NoSQL account, the `helpdesk` database and its containers, with data-plane
// RBAC for the bot's managed identity. Deployed by azure.bicep only when storeKind is 'cosmos'.

@description('Name of the Cosmos DB account: 3-44 lower-case letters, digits and hyphens.')
@minLength(3)
@maxLength(44)
param accountName string

param location string = resourceGroup().location

@description('Name of the SQL (NoSQL) database the bot uses.')
param databaseName string = 'helpdesk'

@description('serverless bills per request (good for a help desk\'s bursty load); autoscale reserves throughput shared by all containers.')
@allowed([
  'serverless'
  'autoscale'
])
param capacityMode string = 'serverless'

@description('Autoscale ceiling in RU/s for the shared database throughput; ignored when serverless.')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

// The Cosmos design doc in docs/ is authoritative for containers; this default is only a placeholder.
@description('Container definitions: objects with name, partitionKeyPath, an optional defaultTtl in seconds (-1 = on, no default expiry) and an optional indexingPolicy.')
param containerDefinitions array = [
  // tickets: a ticket, its recent events, event pages and the tenant's number counter.
  {
    name: 'tickets'
    partitionKeyPath: '/tenantId'
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: [
        {
          path: '/type/?'
        }
        {
          path: '/intakeKey/?'
        }
        {
          path: '/requesterId/?'
        }
        {
          path: '/ownerId/?'
        }
        {
          path: '/tier/?'
        }
        {
          path: '/state/?'
        }
        {
          path: '/isOpen/?'
        }
        {
          path: '/priorityRank/?'
        }
        {
          path: '/number/?'
        }
      ]
      excludedPaths: [
        {
          path: '/*'
        }
      ]
      compositeIndexes: [
        [
          {
            path: '/priorityRank'
            order: 'ascending'
          }
          {
            path: '/number'
            order: 'ascending'
          }
        ]
        [
          {
            path: '/requesterId'
            order: 'ascending'
          }
          {
            path: '/priorityRank'
            order: 'ascending'
          }
          {
            path: '/number'
            order: 'ascending'
          }
        ]
        [
          {
            path: '/ownerId'
            order: 'ascending'
          }
          {
            path: '/priorityRank'
            order: 'ascending'
          }
          {
            path: '/number'
            order: 'ascending'
          }
        ]
        [
          {
            path: '/tier'
            order: 'ascending'
          }
          {
            path: '/priorityRank'
            order: 'ascending'
          }
          {
            path: '/number'
            order: 'ascending'
          }
        ]
        [
          {
            path: '/requesterId'
            order: 'ascending'
          }
          {
            path: '/number'
            order: 'descending'
          }
        ]
        [
          {
            path: '/ownerId'
            order: 'ascending'
          }
          {
            path: '/number'
            order: 'descending'
          }
        ]
        [
          {
            path: '/tier'
            order: 'ascending'
          }
          {
            path: '/number'
            order: 'descending'
          }
        ]
      ]
    }
  }
  // outbox: notifications, spread over 4 shards (s0..s3) by a hash of their id.
  {
    name: 'outbox'
    partitionKeyPath: '/shard'
    defaultTtl: -1
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: [
        {
          path: '/state/?'
        }
        {
          path: '/dueAt/?'
        }
      ]
      excludedPaths: [
        {
          path: '/*'
        }
      ]
      compositeIndexes: [
        [
          {
            path: '/state'
            order: 'ascending'
          }
          {
            path: '/dueAt'
            order: 'ascending'
          }
        ]
      ]
    }
  }
  // timers: when each ticket's SLA needs the scheduler next, over 4 shards (s0..s3).
  {
    name: 'timers'
    partitionKeyPath: '/shard'
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: [
        {
          path: '/dueAt/?'
        }
      ]
      excludedPaths: [
        {
          path: '/*'
        }
      ]
    }
  }
  // kv: bot state, conversation references, settings; point reads and writes only.
  {
    name: 'kv'
    partitionKeyPath: '/id'
    defaultTtl: -1
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: []
      excludedPaths: [
        {
          path: '/*'
        }
      ]
    }
  }
]

@description('Object (principal) ID of the managed identity that gets read/write data access.')
param dataContributorPrincipalId string

@description('Turn off key-based auth so only Microsoft Entra identities (RBAC) can read or write data.')
param disableKeyAuth bool = true

// Built-in role "Cosmos DB Built-in Data Contributor" (data plane, not Azure RBAC).
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'
var serverless = capacityMode == 'serverless'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: accountName
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: serverless ? [
      {
        name: 'EnableServerless'
      }
    ] : []
    disableLocalAuth: disableKeyAuth
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    // Serverless accounts reject any throughput setting; autoscale shares it across containers.
    options: serverless ? {} : {
      autoscaleSettings: {
        maxThroughput: autoscaleMaxThroughput
      }
    }
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for c in containerDefinitions: {
  parent: database
  name: c.name
  properties: {
    resource: union({
      id: c.name
      partitionKey: {
        paths: [
          c.partitionKeyPath
        ]
        kind: 'Hash'
      }
    }, contains(c, 'defaultTtl') ? {
      defaultTtl: c.defaultTtl
    } : {}, contains(c, 'indexingPolicy') ? {
      // The queues' composite indexes: without them the bot refuses to start (see docs/cosmos.md).
      indexingPolicy: c.indexingPolicy
    } : {})
    options: {}
  }
}]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: account
  name: guid(account.id, dataContributorPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: dataContributorPrincipalId
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
