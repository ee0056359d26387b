package dev.ioboot.security;

/**
 * Marks the starter's own authenticators, which the application's authenticators for the
 * same strategy replace.
 */
interface StarterAuthenticator {

}
