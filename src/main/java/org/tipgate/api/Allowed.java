package org.tipgate.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.tipgate.directory.AgencyRole;

/**
 * The agency roles a resource serves. {@link RoleAuthorization} refuses every other role with 403
 * before the resource runs; a resource without it serves no one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Allowed {

    AgencyRole[] value();

    /** Who may, in the words of the refusal reason: "role DISTRICT is not {@code who}". */
    String who();

    /** What the resource is, in the words of the 403 answer: "only {@code who} may use {@code api}". */
    String api();
}
