package org.tipgate.audit;

/**
 * Verifies a generated export of {@code args[0]} events (default 100,000: about 30 MB) in whatever
 * heap this JVM was given; run by {@link LogVerifierTests} with a heap smaller than the file.
 * Prints the result and exits non-zero unless the export verified.
 */
public final class ExportStreamingCheck {

    private ExportStreamingCheck() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        GeneratedExport export = new GeneratedExport(events, 10_000);
        LogVerifier.Result result = new LogVerifier().verify(export, AuditFixtures.gatewayCert());
        Runtime runtime = Runtime.getRuntime();
        System.out.println(result + "; " + export.bytes() + " bytes read with a heap of at most "
                + runtime.maxMemory() + " bytes");
        System.exit(result.ok() && result.events() == events ? 0 : 1);
    }
}
