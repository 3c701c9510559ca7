/**
 * The {@code tipgate} command line (picocli): {@code serve} and the offline tools of docs/cli.md.
 * Commands parse arguments and print; the work is done by the capability packages.
 */
package org.tipgate.cli;
