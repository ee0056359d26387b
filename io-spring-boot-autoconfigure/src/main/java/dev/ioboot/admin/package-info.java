/**
 * Instrumentation of the server for the Socket.IO Admin UI ({@code @socket.io/admin-ui}):
 * the admin namespace, its authentication, the stats, events and commands the UI speaks.
 */
package dev.ioboot.admin;
