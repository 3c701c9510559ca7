package org.tipgate.format;

import java.util.regex.Pattern;

/**
 * A refusal reason as the audit trail keeps it. Reasons are made to name JSON paths and rules,
 * never values ({@link ProblemText}, the feed reader's fixed texts), with one exception: a member
 * the schema does not define is quoted by name when the name is plain, so that a sender can find
 * its typo in the ack. A plain name can still be a phone number, an IP address or a person's name
 * ({@code "9876543210": ...}), so the audit trail keeps only that such a member was there.
 */
public final class AuditText {

    private static final Pattern QUOTED_MEMBER = Pattern.compile("property '[^']*' is not defined in the schema");
    private static final String UNNAMED_MEMBER = "property (name not recorded) is not defined in the schema";

    private AuditText() {
    }

    /** The reason without any member name taken from the input; null stays null. */
    public static String reason(String reason) {
        return reason == null ? null : QUOTED_MEMBER.matcher(reason).replaceAll(UNNAMED_MEMBER);
    }
}
