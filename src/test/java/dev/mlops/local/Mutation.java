package dev.mlops.local;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** The ways the fuzz corpus breaks a YAML spec or a CSV file; each is seeded, so a failure replays. */
enum Mutation {
    TRUNCATE {
        @Override
        byte[] apply(byte[] input, Random random, boolean yaml) {
            return java.util.Arrays.copyOf(input, random.nextInt(Math.max(1, input.length / 2)));
        }
    },
    DEEP_NESTING {
        @Override
        byte[] apply(byte[] input, Random random, boolean yaml) {
            int depth = 500 + random.nextInt(20_000);
            String open = yaml ? "[" : "\"";
            return splice(input, random, open.repeat(depth) + "x");
        }
    },
    HUGE_NUMBER {
        @Override
        byte[] apply(byte[] input, Random random, boolean yaml) {
            String text = new String(input, StandardCharsets.UTF_8);
            String huge = random.nextBoolean() ? "9".repeat(20 + random.nextInt(1000)) : "1e" + (300 + random.nextInt(9000));
            return text.replaceFirst("(?<=[,: ])\\d+(\\.\\d+)?(?=[,\\n])", huge).getBytes(StandardCharsets.UTF_8);
        }
    },
    WRONG_TYPE {
        @Override
        byte[] apply(byte[] input, Random random, boolean yaml) {
            String text = new String(input, StandardCharsets.UTF_8);
            String[] wrong = {"[1, 2]", "{a: b}", "true", "null", "\"text\"", "-", ""};
            String value = wrong[random.nextInt(wrong.length)];
            return text.replaceFirst(yaml ? "(?<=: )[^\\n]+" : "(?<=,)[^,\\n]+", java.util.regex.Matcher.quoteReplacement(value))
                    .getBytes(StandardCharsets.UTF_8);
        }
    },
    BINARY_GARBAGE {
        @Override
        byte[] apply(byte[] input, Random random, boolean yaml) {
            byte[] garbage = new byte[1 + random.nextInt(200)];
            random.nextBytes(garbage);
            byte[] out = input.clone();
            int at = random.nextInt(out.length);
            System.arraycopy(garbage, 0, out, at, Math.min(garbage.length, out.length - at));
            return out;
        }
    },
    BYTE_ORDER_MARK {
        @Override
        byte[] apply(byte[] input, Random random, boolean yaml) {
            byte[][] marks = {{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xFE, (byte) 0xFF}, {0, 0, (byte) 0xFE, (byte) 0xFF}};
            byte[] mark = marks[random.nextInt(marks.length)];
            byte[] out = new byte[mark.length + input.length];
            System.arraycopy(mark, 0, out, 0, mark.length);
            System.arraycopy(input, 0, out, mark.length, input.length);
            return out;
        }
    },
    VERY_LONG_LINE {
        @Override
        byte[] apply(byte[] input, Random random, boolean yaml) {
            int length = random.nextBoolean() ? 70_000 + random.nextInt(100_000) : 1_100_000 + random.nextInt(1_000_000);
            return splice(input, random, "\n" + "x".repeat(length) + "\n");
        }
    };

    abstract byte[] apply(byte[] input, Random random, boolean yaml);

    private static byte[] splice(byte[] input, Random random, String inserted) {
        String text = new String(input, StandardCharsets.UTF_8);
        int at = text.indexOf('\n', random.nextInt(Math.max(1, text.length() / 2)));
        at = at < 0 ? text.length() : at + 1;
        return (text.substring(0, at) + inserted + text.substring(at)).getBytes(StandardCharsets.UTF_8);
    }
}
