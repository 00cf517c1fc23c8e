/**
 * The receiving side of OTLP, bundled as its own chunk (dist/receive.js): the
 * protobuf schema is heavy, and only `vstrace serve` and `vstrace import` of a
 * protobuf file load it.
 */
export { DEFAULT_LIMITS, startOtlpHttp } from './otlp-http.ts';
export { startOtlpGrpc } from './otlp-grpc.ts';
export { protobufRequestAsJson } from './otlp-proto.ts';
