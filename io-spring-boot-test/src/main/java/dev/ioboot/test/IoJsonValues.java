package dev.ioboot.test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

import dev.ioboot.IoJsonMapper;

/**
 * Converts between the test's Java values and the {@code org.json} values of the Java
 * socket.io-client. Sent values go through the application's {@link IoJsonMapper}, as the
 * server converts them; received values become plain Java: {@link Map} (insertion ordered),
 * {@link List}, {@link String}, {@link Integer} or {@link Long} for integral numbers,
 * {@link Double}, {@link Boolean}, {@code byte[]} and {@code null}.
 */
final class IoJsonValues {

	private final IoJsonMapper json;

	IoJsonValues(IoJsonMapper json) {
		this.json = json;
	}

	IoJsonMapper json() {
		return this.json;
	}

	/**
	 * Return what the Java client sends for a value: binary stays binary, everything else
	 * becomes JSON as the application's mapper writes it.
	 */
	Object toWire(Object value) {
		if (value == null) {
			return JSONObject.NULL;
		}
		if (value instanceof String || value instanceof Boolean || value instanceof byte[]
				|| value instanceof JSONObject || value instanceof JSONArray) {
			return value;
		}
		if (value instanceof Number number) {
			return normalize(number);
		}
		if (value instanceof Map<?, ?> map) {
			JSONObject object = new JSONObject();
			map.forEach((key, item) -> put(object, String.valueOf(key), toWire(item)));
			return object;
		}
		if (value instanceof Iterable<?> items) {
			JSONArray array = new JSONArray();
			items.forEach((item) -> array.put(toWire(item)));
			return array;
		}
		if (value instanceof Object[] items) {
			JSONArray array = new JSONArray();
			for (Object item : items) {
				array.put(toWire(item));
			}
			return array;
		}
		return fromTree(this.json.objectMapper().valueToTree(value));
	}

	private Object fromTree(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return JSONObject.NULL;
		}
		if (node.isObject()) {
			JSONObject object = new JSONObject();
			node.properties().forEach((entry) -> put(object, entry.getKey(), fromTree(entry.getValue())));
			return object;
		}
		if (node.isArray()) {
			JSONArray array = new JSONArray();
			node.forEach((item) -> array.put(fromTree(item)));
			return array;
		}
		if (node instanceof POJONode pojo) {
			return toWire(pojo.getPojo());
		}
		if (node.isBinary()) {
			try {
				return node.binaryValue();
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		if (node.isNumber()) {
			return normalize(node.numberValue());
		}
		if (node.isBoolean()) {
			return node.booleanValue();
		}
		return node.asText();
	}

	/**
	 * Return a received {@code org.json} value as plain Java.
	 */
	Object fromWire(Object value) {
		if (value == null || JSONObject.NULL.equals(value)) {
			return null;
		}
		if (value instanceof JSONObject object) {
			Map<String, Object> map = new LinkedHashMap<>();
			Iterator<?> keys = object.keys();
			while (keys.hasNext()) {
				String key = String.valueOf(keys.next());
				map.put(key, fromWire(object.opt(key)));
			}
			return map;
		}
		if (value instanceof JSONArray array) {
			List<Object> list = new ArrayList<>(array.length());
			for (int i = 0; i < array.length(); i++) {
				list.add(fromWire(array.opt(i)));
			}
			return list;
		}
		if (value instanceof Number number) {
			return normalize(number);
		}
		return value;
	}

	/**
	 * Return a Java value as it would be received: the JSON it is sent as, read back.
	 */
	Object plain(Object value) {
		return fromWire(toWire(value));
	}

	/**
	 * Convert a received plain value to the given type with the application's mapper.
	 */
	<T> T convert(Object plain, Class<T> type) {
		return this.json.objectMapper().convertValue(plain, type);
	}

	private static Object normalize(Number number) {
		if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
			return number.intValue();
		}
		if (number instanceof Long value) {
			return (value == value.intValue()) ? (Object) value.intValue() : value;
		}
		if (number instanceof BigInteger value && value.bitLength() < 64) {
			return normalize(value.longValue());
		}
		if (number instanceof Float value) {
			return value.doubleValue();
		}
		return number;
	}

	private static void put(JSONObject object, String key, Object value) {
		try {
			object.put(key, value);
		}
		catch (JSONException ex) {
			throw new IllegalArgumentException("Cannot send " + key + "=" + value + " as JSON", ex);
		}
	}

}
