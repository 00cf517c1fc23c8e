/**
 * The receiving side of OTLP, bundled as its own chunk (dist/receive.js): the
 * protobuf schema and grpc-js are heavy, and only `vstrace serve`,
 * `vstrace run --collect` and `vstrace import` of a protobuf file load it.
 */
export { startLocalReceivers } from './local.ts';
export { protobufRequestAsJson } from './otlp-proto.ts';
