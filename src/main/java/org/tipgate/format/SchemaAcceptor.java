package org.tipgate.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.Formats;
import com.networknt.schema.regex.RegularExpression;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A quick answer to "is this document valid?" for the common case, compiled from the same schema
 * file as the networknt validator that {@link JsonSchemaCheck} runs. The networknt validator stays
 * the authority: {@link JsonSchemaCheck} trusts only a {@link Verdict#VALID} from here and sends
 * every other document to it, so it alone refuses a document and words the problems. What this class
 * saves is networknt's generic walk (paths, annotations, messages built and thrown away inside
 * {@code if} and {@code anyOf}) for the documents that turn out valid, which are nearly all of them.
 *
 * <p>Soundness is the whole contract: {@code VALID} only if the document is valid under JSON Schema
 * 2020-12 with format assertions on (as {@link JsonSchemaCheck} configures networknt), and
 * {@code INVALID} only if it is invalid ({@code if} branches on it). Wherever the answer is not
 * certain, e.g. a JSON number written with a fraction compared with a bound, the verdict is
 * {@link Verdict#UNKNOWN} and networknt decides. Patterns run through the same
 * {@link EcmaAnchoredRegex} and formats through networknt's own {@link Format} objects, so neither
 * can disagree with the validator.
 *
 * <p>Only the keywords listed in {@link #KNOWN} are compiled, with {@code $ref} only to the root's
 * {@code $defs}; a schema that uses anything else is not compiled at all ({@link #compile} is empty)
 * and every document goes to networknt.
 */
final class SchemaAcceptor {

    /** What one schema says of one value. */
    enum Verdict {
        VALID, INVALID, UNKNOWN;

        /** Both must hold. */
        Verdict and(Verdict other) {
            if (this == INVALID || other == INVALID) {
                return INVALID;
            }
            return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : VALID;
        }

        /** Either may hold. */
        Verdict or(Verdict other) {
            if (this == VALID || other == VALID) {
                return VALID;
            }
            return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : INVALID;
        }
    }

    /** One compiled keyword or schema; immutable, so shared between threads. */
    @FunctionalInterface
    interface Rule {
        Verdict check(JsonNode value);
    }

    /** The 2020-12 keywords compiled; any other keyword in the schema means no fast path. */
    static final Set<String> KNOWN = Set.of(
            // annotations, no assertion
            "title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly",
            // structure (the root only)
            "$schema", "$id", "$defs",
            // assertions and applicators
            "$ref", "type", "const", "enum", "properties", "additionalProperties", "required", "minProperties",
            "maxProperties", "items", "minItems", "maxItems", "pattern", "minLength", "maxLength", "format",
            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "allOf", "anyOf", "if", "then", "else");

    /** Formats whose networknt check depends on the string alone. */
    private static final Set<String> FORMATS = Set.of("date-time", "ipv4", "ipv6");
    /** The context networknt's format checks take; they do not use it, but it is not shared between threads. */
    private static final ThreadLocal<ExecutionContext> CONTEXTS = ThreadLocal.withInitial(ExecutionContext::new);
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final String DEFS_POINTER = "#/$defs/";

    private final Rule root;

    private SchemaAcceptor(Rule root) {
        this.root = root;
    }

    /** True only if the document is certainly valid; false means: ask the validator. */
    boolean accepts(JsonNode document) {
        return root.check(document) == Verdict.VALID;
    }

    /** What the compiled schema says of a document; for tests that compare it with networknt. */
    Verdict verdict(JsonNode document) {
        return root.check(document);
    }

    /** The compiled schema, or empty if it uses a keyword or form this class does not compile. */
    static Optional<SchemaAcceptor> compile(JsonNode schema) {
        try {
            return Optional.of(new SchemaAcceptor(new Compiler(schema).root()));
        } catch (Unsupported e) {
            return Optional.empty();
        }
    }

    /** Why a schema was not compiled; never leaves this class. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private static final class Compiler {

        private final JsonNode rootSchema;
        private final Map<String, Ref> defs = new HashMap<>();

        Compiler(JsonNode rootSchema) {
            this.rootSchema = rootSchema;
        }

        Rule root() throws Unsupported {
            if (rootSchema.isObject()) {
                JsonNode dialect = rootSchema.get("$schema");
                if (dialect != null && !DRAFT_2020_12.equals(dialect.asText())) {
                    throw new Unsupported("dialect " + dialect);
                }
                JsonNode id = rootSchema.get("$id");
                if (id != null && !id.isTextual()) {
                    throw new Unsupported("$id");
                }
            }
            Rule rule = schema(rootSchema, true);
            for (Ref ref : defs.values()) {
                if (ref.target == null) {
                    throw new Unsupported("unresolved $ref");
                }
            }
            return rule;
        }

        private Rule schema(JsonNode s, boolean isRoot) throws Unsupported {
            if (s.isBoolean()) {
                Verdict v = s.booleanValue() ? Verdict.VALID : Verdict.INVALID;
                return value -> v;
            }
            if (!s.isObject()) {
                throw new Unsupported("schema is not an object or boolean");
            }
            for (Iterator<String> names = s.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!KNOWN.contains(name)) {
                    throw new Unsupported(name);
                }
                if (!isRoot && (name.equals("$schema") || name.equals("$id") || name.equals("$defs"))) {
                    throw new Unsupported(name + " below the root");
                }
            }
            if ((s.has("then") || s.has("else")) && !s.has("if")) {
                throw new Unsupported("then/else without if");
            }
            List<Rule> rules = new ArrayList<>();
            add(rules, ref(s.get("$ref")));
            add(rules, type(s.get("type")));
            add(rules, constant(s.get("const")));
            add(rules, enumeration(s.get("enum")));
            add(rules, object(s));
            add(rules, array(s));
            add(rules, string(s));
            add(rules, number(s));
            add(rules, allOf(s.get("allOf")));
            add(rules, anyOf(s.get("anyOf")));
            add(rules, conditional(s));
            return all(rules);
        }

        private static void add(List<Rule> rules, Rule rule) {
            if (rule != null) {
                rules.add(rule);
            }
        }

        private static Rule all(List<Rule> rules) {
            if (rules.isEmpty()) {
                return value -> Verdict.VALID;
            }
            if (rules.size() == 1) {
                return rules.get(0);
            }
            Rule[] each = rules.toArray(Rule[]::new);
            return value -> {
                Verdict verdict = Verdict.VALID;
                for (Rule rule : each) {
                    Verdict v = rule.check(value);
                    if (v == Verdict.INVALID) {
                        return v;
                    }
                    verdict = verdict.and(v);
                }
                return verdict;
            };
        }

        // ---- $ref: only #/$defs/name, resolved against the root ----

        /** A named definition, compiled once; the target is set after compiling, so cycles work. */
        private static final class Ref implements Rule {
            Rule target;

            @Override
            public Verdict check(JsonNode value) {
                return target.check(value);
            }
        }

        private Rule ref(JsonNode ref) throws Unsupported {
            if (ref == null) {
                return null;
            }
            String pointer = ref.isTextual() ? ref.textValue() : "";
            String name = pointer.startsWith(DEFS_POINTER) ? pointer.substring(DEFS_POINTER.length()) : "";
            if (!name.matches("[A-Za-z0-9_-]+")) {
                throw new Unsupported("$ref " + pointer);
            }
            Ref known = defs.get(name);
            if (known != null) {
                return known;
            }
            JsonNode all = rootSchema.get("$defs");
            JsonNode def = all == null ? null : all.get(name);
            if (def == null) {
                throw new Unsupported("$ref to a missing definition " + name);
            }
            Ref created = new Ref();
            defs.put(name, created);
            created.target = schema(def, false);
            return created;
        }

        // ---- type, const, enum ----

        private static Rule type(JsonNode type) throws Unsupported {
            if (type == null) {
                return null;
            }
            List<Rule> each = new ArrayList<>();
            if (type.isTextual()) {
                each.add(oneType(type.textValue()));
            } else if (type.isArray() && type.size() > 0) {
                for (JsonNode t : type) {
                    if (!t.isTextual()) {
                        throw new Unsupported("type");
                    }
                    each.add(oneType(t.textValue()));
                }
            } else {
                throw new Unsupported("type");
            }
            if (each.size() == 1) {
                return each.get(0);
            }
            Rule[] types = each.toArray(Rule[]::new);
            return value -> {
                Verdict verdict = Verdict.INVALID;
                for (Rule t : types) {
                    verdict = verdict.or(t.check(value));
                    if (verdict == Verdict.VALID) {
                        return verdict;
                    }
                }
                return verdict;
            };
        }

        private static Rule oneType(String name) throws Unsupported {
            switch (name) {
                case "object":
                    return value -> of(value.isObject());
                case "array":
                    return value -> of(value.isArray());
                case "string":
                    return value -> of(value.isTextual());
                case "boolean":
                    return value -> of(value.isBoolean());
                case "null":
                    return value -> of(value.isNull());
                case "number":
                    return value -> of(value.isNumber());
                case "integer":
                    return Compiler::integer;
                default:
                    throw new Unsupported("type " + name);
            }
        }

        /**
         * Integral JSON numbers are integers. A number written with a fraction or an exponent (1.0,
         * 1e2) is one too in 2020-12, but validators differ on it: networknt decides those.
         */
        private static Verdict integer(JsonNode value) {
            if (!value.isNumber()) {
                return Verdict.INVALID;
            }
            return value.isIntegralNumber() ? Verdict.VALID : Verdict.UNKNOWN;
        }

        /** Only string, boolean and null constants: their JSON equality is plain. */
        private static Rule constant(JsonNode constant) throws Unsupported {
            if (constant == null) {
                return null;
            }
            return equalTo(constant);
        }

        private static Rule enumeration(JsonNode values) throws Unsupported {
            if (values == null) {
                return null;
            }
            if (!values.isArray()) {
                throw new Unsupported("enum");
            }
            List<Rule> each = new ArrayList<>();
            for (JsonNode v : values) {
                each.add(equalTo(v));
            }
            Rule[] options = each.toArray(Rule[]::new);
            return value -> {
                for (Rule option : options) {
                    if (option.check(value) == Verdict.VALID) {
                        return Verdict.VALID;
                    }
                }
                return Verdict.INVALID;
            };
        }

        private static Rule equalTo(JsonNode expected) throws Unsupported {
            if (expected.isTextual()) {
                String text = expected.textValue();
                return value -> of(value.isTextual() && value.textValue().equals(text));
            }
            if (expected.isBoolean()) {
                boolean b = expected.booleanValue();
                return value -> of(value.isBoolean() && value.booleanValue() == b);
            }
            if (expected.isNull()) {
                return value -> of(value.isNull());
            }
            throw new Unsupported("const or enum value " + expected.getNodeType());
        }

        // ---- objects ----

        private Rule object(JsonNode s) throws Unsupported {
            JsonNode properties = s.get("properties");
            JsonNode additional = s.get("additionalProperties");
            JsonNode required = s.get("required");
            Integer minProperties = count(s, "minProperties");
            Integer maxProperties = count(s, "maxProperties");
            if (properties == null && additional == null && required == null && minProperties == null
                    && maxProperties == null) {
                return null;
            }
            Map<String, Rule> declared = new HashMap<>();
            if (properties != null) {
                if (!properties.isObject()) {
                    throw new Unsupported("properties");
                }
                for (Map.Entry<String, JsonNode> p : properties.properties()) {
                    declared.put(p.getKey(), schema(p.getValue(), false));
                }
            }
            Rule others = additional == null ? null : schema(additional, false);
            String[] names = required == null ? new String[0] : strings(required, "required");
            int min = minProperties == null ? 0 : minProperties;
            int max = maxProperties == null ? Integer.MAX_VALUE : maxProperties;
            return value -> {
                if (!value.isObject()) {
                    return Verdict.VALID;
                }
                int size = value.size();
                if (size < min || size > max) {
                    return Verdict.INVALID;
                }
                for (String name : names) {
                    if (value.get(name) == null) {
                        return Verdict.INVALID;
                    }
                }
                Verdict verdict = Verdict.VALID;
                for (Map.Entry<String, JsonNode> member : value.properties()) {
                    Rule rule = declared.get(member.getKey());
                    if (rule == null) {
                        rule = others;
                    }
                    if (rule != null) {
                        Verdict v = rule.check(member.getValue());
                        if (v == Verdict.INVALID) {
                            return v;
                        }
                        verdict = verdict.and(v);
                    }
                }
                return verdict;
            };
        }

        // ---- arrays ----

        private Rule array(JsonNode s) throws Unsupported {
            JsonNode items = s.get("items");
            Integer minItems = count(s, "minItems");
            Integer maxItems = count(s, "maxItems");
            if (items == null && minItems == null && maxItems == null) {
                return null;
            }
            Rule item = items == null ? null : schema(items, false);
            int min = minItems == null ? 0 : minItems;
            int max = maxItems == null ? Integer.MAX_VALUE : maxItems;
            return value -> {
                if (!value.isArray()) {
                    return Verdict.VALID;
                }
                int size = value.size();
                if (size < min || size > max) {
                    return Verdict.INVALID;
                }
                Verdict verdict = Verdict.VALID;
                if (item != null) {
                    for (JsonNode element : value) {
                        Verdict v = item.check(element);
                        if (v == Verdict.INVALID) {
                            return v;
                        }
                        verdict = verdict.and(v);
                    }
                }
                return verdict;
            };
        }

        // ---- strings ----

        private static Rule string(JsonNode s) throws Unsupported {
            JsonNode pattern = s.get("pattern");
            JsonNode format = s.get("format");
            Integer minLength = count(s, "minLength");
            Integer maxLength = count(s, "maxLength");
            if (pattern == null && format == null && minLength == null && maxLength == null) {
                return null;
            }
            if (pattern != null && !pattern.isTextual()) {
                throw new Unsupported("pattern");
            }
            RegularExpression regex = pattern == null ? null
                    : EcmaAnchoredRegex.INSTANCE.getRegularExpression(pattern.textValue());
            Format assertion = format == null ? null : format(format);
            int min = minLength == null ? 0 : minLength;
            int max = maxLength == null ? Integer.MAX_VALUE : maxLength;
            return value -> {
                if (!value.isTextual()) {
                    return Verdict.VALID;
                }
                String text = value.textValue();
                // Lengths count code points, as JSON Schema does; a UTF-16 length is an upper bound.
                if (min > 0 || text.length() > max) {
                    int length = text.codePointCount(0, text.length());
                    if (length < min || length > max) {
                        return Verdict.INVALID;
                    }
                }
                if (regex != null && !regex.matches(text)) {
                    return Verdict.INVALID;
                }
                if (assertion != null && !assertion.matches(CONTEXTS.get(), text)) {
                    return Verdict.INVALID;
                }
                return Verdict.VALID;
            };
        }

        private static Format format(JsonNode format) throws Unsupported {
            String name = format.isTextual() ? format.textValue() : "";
            if (!FORMATS.contains(name)) {
                throw new Unsupported("format " + name);
            }
            for (Format f : Formats.DEFAULT) {
                if (f.getName().equals(name)) {
                    return f;
                }
            }
            throw new Unsupported("format " + name + " unknown to networknt");
        }

        // ---- numbers ----

        private static Rule number(JsonNode s) throws Unsupported {
            BigDecimal minimum = bound(s, "minimum");
            BigDecimal maximum = bound(s, "maximum");
            BigDecimal exclusiveMinimum = bound(s, "exclusiveMinimum");
            BigDecimal exclusiveMaximum = bound(s, "exclusiveMaximum");
            if (minimum == null && maximum == null && exclusiveMinimum == null && exclusiveMaximum == null) {
                return null;
            }
            return value -> {
                if (!value.isNumber()) {
                    return Verdict.VALID;
                }
                if (!value.isIntegralNumber() && !value.isBigDecimal()) {
                    return inexact(value.doubleValue(), minimum, maximum, exclusiveMinimum, exclusiveMaximum);
                }
                BigDecimal n = value.decimalValue();
                boolean ok = (minimum == null || n.compareTo(minimum) >= 0)
                        && (maximum == null || n.compareTo(maximum) <= 0)
                        && (exclusiveMinimum == null || n.compareTo(exclusiveMinimum) > 0)
                        && (exclusiveMaximum == null || n.compareTo(exclusiveMaximum) < 0);
                return of(ok);
            };
        }

        /**
         * A binary floating-point number, which may not be the number the JSON text wrote: certain
         * only well inside all bounds; near one, or outside, networknt decides.
         */
        private static Verdict inexact(double d, BigDecimal min, BigDecimal max, BigDecimal exclusiveMin,
                BigDecimal exclusiveMax) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Verdict.UNKNOWN;
            }
            boolean inside = clearlyAbove(d, min) && clearlyAbove(d, exclusiveMin) && clearlyBelow(d, max)
                    && clearlyBelow(d, exclusiveMax);
            return inside ? Verdict.VALID : Verdict.UNKNOWN;
        }

        private static boolean clearlyAbove(double d, BigDecimal bound) {
            return bound == null || d > bound.doubleValue() + margin(bound);
        }

        private static boolean clearlyBelow(double d, BigDecimal bound) {
            return bound == null || d < bound.doubleValue() - margin(bound);
        }

        private static double margin(BigDecimal bound) {
            return 1e-9 * Math.max(1.0, Math.abs(bound.doubleValue()));
        }

        private static BigDecimal bound(JsonNode s, String keyword) throws Unsupported {
            JsonNode b = s.get(keyword);
            if (b == null) {
                return null;
            }
            if (!b.isNumber()) {
                throw new Unsupported(keyword);
            }
            return b.decimalValue();
        }

        // ---- allOf, anyOf, if/then/else ----

        private Rule allOf(JsonNode schemas) throws Unsupported {
            if (schemas == null) {
                return null;
            }
            return all(list(schemas, "allOf"));
        }

        private Rule anyOf(JsonNode schemas) throws Unsupported {
            if (schemas == null) {
                return null;
            }
            Rule[] options = list(schemas, "anyOf").toArray(Rule[]::new);
            return value -> {
                Verdict verdict = Verdict.INVALID;
                for (Rule option : options) {
                    verdict = verdict.or(option.check(value));
                    if (verdict == Verdict.VALID) {
                        return verdict;
                    }
                }
                return verdict;
            };
        }

        private Rule conditional(JsonNode s) throws Unsupported {
            JsonNode condition = s.get("if");
            if (condition == null) {
                return null;
            }
            Rule when = schema(condition, false);
            Rule then = s.has("then") ? schema(s.get("then"), false) : null;
            Rule otherwise = s.has("else") ? schema(s.get("else"), false) : null;
            return value -> {
                switch (when.check(value)) {
                    case VALID:
                        return then == null ? Verdict.VALID : then.check(value);
                    case INVALID:
                        return otherwise == null ? Verdict.VALID : otherwise.check(value);
                    default:
                        return Verdict.UNKNOWN;
                }
            };
        }

        private List<Rule> list(JsonNode schemas, String keyword) throws Unsupported {
            if (!schemas.isArray() || schemas.isEmpty()) {
                throw new Unsupported(keyword);
            }
            List<Rule> rules = new ArrayList<>();
            for (JsonNode s : schemas) {
                rules.add(schema(s, false));
            }
            return rules;
        }

        // ---- helpers ----

        private static Integer count(JsonNode s, String keyword) throws Unsupported {
            JsonNode n = s.get(keyword);
            if (n == null) {
                return null;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0) {
                throw new Unsupported(keyword);
            }
            return n.intValue();
        }

        private static String[] strings(JsonNode array, String keyword) throws Unsupported {
            if (!array.isArray()) {
                throw new Unsupported(keyword);
            }
            String[] out = new String[array.size()];
            for (int i = 0; i < out.length; i++) {
                if (!array.get(i).isTextual()) {
                    throw new Unsupported(keyword);
                }
                out[i] = array.get(i).textValue();
            }
            return out;
        }
    }

    private static Verdict of(boolean valid) {
        return valid ? Verdict.VALID : Verdict.INVALID;
    }
}
