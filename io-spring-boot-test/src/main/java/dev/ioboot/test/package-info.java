/**
 * Test support for applications using io-spring-boot: {@link dev.ioboot.test.IoTestClient},
 * a Socket.IO client with fluent assertions on acknowledgements, events and connection
 * errors.
 */
package dev.ioboot.test;
