package dev.ioboot.content.jpa;

import org.hibernate.Hibernate;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;
import com.fasterxml.jackson.annotation.JsonFormat;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.Serializers;
import tools.jackson.databind.type.CollectionType;
import tools.jackson.databind.type.MapType;
import tools.jackson.databind.ser.std.StdSerializer;

import dev.ioboot.content.ContentSerializer;

/**
 * Jackson 3 module that renders what Hibernate has not loaded without loading it: a lazy
 * to-one relation becomes {@code {"id": <id>}}, a lazy collection is left out (marked
 * {@link ContentSerializer#NOT_LOADED}). Loaded relations render as usual.
 */
public final class HibernateLazyModule extends SimpleModule {

	/**
	 * Create the module.
	 */
	public HibernateLazyModule() {
		super("io-hibernate-lazy");
	}

	@Override
	public void setupModule(SetupContext context) {
		super.setupModule(context);
		context.addSerializers(new LazySerializers());
	}

	/**
	 * Picks the serializers by runtime class: Hibernate's proxies and collections implement
	 * these interfaces on classes of their own.
	 */
	private static final class LazySerializers implements Serializers {

		private static final ProxySerializer PROXY = new ProxySerializer();

		private static final CollectionSerializer COLLECTION = new CollectionSerializer();

		private static ValueSerializer<?> find(JavaType type) {
			Class<?> raw = type.getRawClass();
			if (HibernateProxy.class.isAssignableFrom(raw)) {
				return PROXY;
			}
			return PersistentCollection.class.isAssignableFrom(raw) ? COLLECTION : null;
		}

		@Override
		public ValueSerializer<?> findSerializer(SerializationConfig config, JavaType type,
				BeanDescription.Supplier description, JsonFormat.Value format) {
			return find(type);
		}

		@Override
		public ValueSerializer<?> findExplicitPOJOSerializer(SerializationConfig config, JavaType type,
				BeanDescription.Supplier description, JsonFormat.Value format) {
			return find(type);
		}

		@Override
		public ValueSerializer<?> findCollectionSerializer(SerializationConfig config, CollectionType type,
				BeanDescription.Supplier description, JsonFormat.Value format, TypeSerializer elementTypeSerializer,
				ValueSerializer<Object> elementValueSerializer) {
			return find(type);
		}

		@Override
		public ValueSerializer<?> findMapSerializer(SerializationConfig config, MapType type,
				BeanDescription.Supplier description, JsonFormat.Value format, ValueSerializer<Object> keySerializer,
				TypeSerializer elementTypeSerializer, ValueSerializer<Object> elementValueSerializer) {
			return find(type);
		}

	}

	private static final class ProxySerializer extends StdSerializer<HibernateProxy> {

		ProxySerializer() {
			super(HibernateProxy.class);
		}

		@Override
		public void serialize(HibernateProxy proxy, JsonGenerator generator, SerializationContext context) {
			LazyInitializer initializer = proxy.getHibernateLazyInitializer();
			if (initializer.isUninitialized()) {
				generator.writeStartObject();
				generator.writeName("id");
				context.writeValue(generator, initializer.getIdentifier());
				generator.writeEndObject();
			}
			else {
				context.writeValue(generator, initializer.getImplementation());
			}
		}

	}

	@SuppressWarnings("rawtypes")
	private static final class CollectionSerializer extends StdSerializer<PersistentCollection> {

		CollectionSerializer() {
			super(PersistentCollection.class);
		}

		@Override
		public void serialize(PersistentCollection collection, JsonGenerator generator,
				SerializationContext context) {
			if (!Hibernate.isInitialized(collection)) {
				generator.writeEmbeddedObject(ContentSerializer.NOT_LOADED);
				return;
			}
			// a plain copy renders the way the application's mapper renders collections and maps
			Object copy = (collection instanceof java.util.Map<?, ?> map) ? new java.util.LinkedHashMap<>(map)
					: new java.util.ArrayList<>((java.util.Collection<?>) collection);
			context.writeValue(generator, copy);
		}

	}

}
