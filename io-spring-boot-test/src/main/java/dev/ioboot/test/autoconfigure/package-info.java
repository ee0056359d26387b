/**
 * Test auto-configuration of the {@link dev.ioboot.test.IoTestClient}:
 * {@link dev.ioboot.test.autoconfigure.AutoConfigureIoTestClient @AutoConfigureIoTestClient}.
 */
package dev.ioboot.test.autoconfigure;
