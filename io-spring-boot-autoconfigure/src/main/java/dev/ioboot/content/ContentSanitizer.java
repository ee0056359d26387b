package dev.ioboot.content;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Removes fields from plain values at any depth: sensitive fields (for every content type),
 * a type's excluded fields, and relations that were not loaded. Names match whatever their
 * case.
 */
final class ContentSanitizer {

	private final Set<String> sensitiveFields;

	ContentSanitizer(Collection<String> sensitiveFields) {
		this.sensitiveFields = lowerCase(sensitiveFields);
	}

	Object sanitize(Object value, Collection<String> excludeFields) {
		Set<String> removed = lowerCase(excludeFields);
		removed.addAll(this.sensitiveFields);
		return clean(value, removed);
	}

	private Object clean(Object value, Set<String> removed) {
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> cleaned = new LinkedHashMap<>();
			map.forEach((key, field) -> {
				String name = String.valueOf(key);
				if (field != ContentSerializer.NOT_LOADED && !removed.contains(name.toLowerCase(Locale.ROOT))) {
					cleaned.put(name, clean(field, removed));
				}
			});
			return cleaned;
		}
		if (value instanceof List<?> list) {
			List<Object> cleaned = new ArrayList<>(list.size());
			list.forEach((element) -> cleaned.add(clean(element, removed)));
			return cleaned;
		}
		return value;
	}

	private static Set<String> lowerCase(Collection<String> names) {
		return names.stream().map((name) -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
	}

}
