package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** NextToken/MaxResults paging over an already filtered and sorted list. */
final class Page {
    private static final String TOKEN_PREFIX = "page:";

    private Page() {
    }

    /**
     * Writes one page of {@code items} into {@code response} under {@code listField}, and a
     * {@code NextToken} when more remain.
     */
    static <T> ObjectNode write(PageRequest<T> page, JsonNode request, ObjectNode response) {
        int max = Json.integer(request, "MaxResults", page.defaultMax());
        if (max < 1 || max > 100) {
            throw ApiError.validation("1 validation error detected: Value '" + max
                    + "' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
        }
        int from = Json.text(request, "NextToken").map(Page::offset).orElse(0);
        List<T> items = page.items();
        int to = Math.min(items.size(), from + max);
        ArrayNode list = response.putArray(page.listField());
        for (T item : items.subList(Math.min(from, to), to)) {
            list.add(page.render().apply(item));
        }
        if (to < items.size()) {
            response.put("NextToken", token(to));
        }
        return response;
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().encodeToString((TOKEN_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(TOKEN_PREFIX)) {
                return Integer.parseInt(text.substring(TOKEN_PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the same answer SageMaker gives for a token it did not issue
        }
        throw ApiError.validation("Invalid pagination token: " + token);
    }

    /** What to page: the items, the response field that holds them, and how to render one. */
    record PageRequest<T>(List<T> items, String listField, Function<T, JsonNode> render, int defaultMax) {
    }
}
