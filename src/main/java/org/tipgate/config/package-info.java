/**
 * The gateway's Spring wiring and start-up checks: what configuration it runs with, and what it
 * reports about itself when it starts.
 */
package org.tipgate.config;
