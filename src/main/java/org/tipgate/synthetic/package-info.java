/**
 * Realistic synthetic tip records for demos, tests and benchmarks: seeded and streaming, with
 * fictional people, TEST-NET addresses and random file hashes, never real data.
 */
package org.tipgate.synthetic;
