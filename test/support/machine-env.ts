/**
 * Runs in every test worker before its tests. NODE_EXTRA_CA_CERTS (set on the
 * development and CI machines, for their npm proxy) makes each Node start-up
 * read and parse a CA bundle: ~38 ms, and the suites start vstrace many
 * thousand times. No test wants it: the TLS tests name their own throwaway CA,
 * and a machine's extra trust must not decide whether they pass.
 */
delete process.env.NODE_EXTRA_CA_CERTS;
