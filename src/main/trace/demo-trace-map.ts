import type { TraceMapInput } from '../../shared/contract/trace'

/** How the demo order pipeline (stack/) spreads an order over its topics, and the flow it follows. */
export const demoTraceMap: TraceMapInput = {
  entity: 'order',
  rootKind: 'orderId',
  topics: [
    {
      topic: 'orders',
      ids: [{ from: 'key', kind: 'orderId' }],
      links: [
        { path: '$.paymentId', kind: 'paymentId' },
        { path: '$.shipmentId', kind: 'shipmentId' },
      ],
    },
    {
      topic: 'payments',
      ids: [
        { from: 'key', kind: 'paymentId' },
        { from: 'value', path: '$.orderId', kind: 'orderId' },
      ],
      links: [{ path: '$.paymentId', kind: 'paymentId' }],
    },
    { topic: 'inventory', ids: [{ from: 'value', path: '$.orderId', kind: 'orderId' }] },
    {
      topic: 'shipments',
      ids: [
        { from: 'key', kind: 'shipmentId' },
        { from: 'value', path: '$.orderId', kind: 'orderId' },
      ],
      links: [{ path: '$.shipmentId', kind: 'shipmentId' }],
    },
  ],
  flow: {
    steps: [
      { type: 'OrderCreated', withinMs: 1 },
      { type: 'PaymentRequested', after: 'OrderCreated', withinMs: 30_000 },
      { type: 'InventoryReserved', after: 'OrderCreated', withinMs: 60_000 },
      { type: 'PaymentReceived', after: 'PaymentRequested', withinMs: 60_000 },
      { type: 'OrderConfirmed', after: 'PaymentReceived', withinMs: 60_000 },
      { type: 'ShipmentInitiated', after: 'OrderConfirmed', withinMs: 60_000 },
      { type: 'ItemShipped', after: 'ShipmentInitiated', withinMs: 60_000 },
      { type: 'Delivered', after: 'ItemShipped', withinMs: 60_000 },
      { type: 'OrderCompleted', after: 'Delivered', withinMs: 60_000 },
    ],
    terminal: ['OrderCompleted', 'OrderCancelled'],
  },
}

/**
 * The demo map plus the registry-framed copies (`stack up --registry`): orders-avro is keyed by
 * the order id in Avro, payments-proto by the payment id with a Protobuf value, inventory-json
 * by the order id in its JSON Schema value.
 */
export const registryDemoTraceMap: TraceMapInput = {
  ...demoTraceMap,
  topics: [
    ...demoTraceMap.topics,
    {
      topic: 'orders-avro',
      ids: [{ from: 'key', kind: 'orderId' }],
      links: [
        { path: '$.paymentId', kind: 'paymentId' },
        { path: '$.shipmentId', kind: 'shipmentId' },
      ],
    },
    {
      topic: 'payments-proto',
      ids: [
        { from: 'key', kind: 'paymentId' },
        { from: 'value', path: '$.orderId', kind: 'orderId' },
      ],
    },
    { topic: 'inventory-json', ids: [{ from: 'value', path: '$.orderId', kind: 'orderId' }] },
  ],
}
