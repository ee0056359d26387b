package dev.ioboot.content.jpa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;

import dev.ioboot.content.IoContentPublisher;
import dev.ioboot.content.IoContentType;

/**
 * Connects content types to JPA entities: each configured name must be an entity name
 * (case-insensitive), and Hibernate post-commit listeners announce the changes of those
 * entities.
 */
public final class JpaContentEvents {

	private final Map<Class<?>, String> types;

	/**
	 * Resolve the content types' entities.
	 * @param entityManagerFactory the entity manager factory
	 * @param types the content types
	 * @throws IllegalStateException naming the entry, if a type is not a JPA entity
	 */
	public JpaContentEvents(EntityManagerFactory entityManagerFactory, List<IoContentType> types) {
		Map<String, Class<?>> entities = new LinkedHashMap<>();
		for (EntityType<?> entity : entityManagerFactory.getMetamodel().getEntities()) {
			entities.put(entity.getName().toLowerCase(Locale.ROOT), entity.getJavaType());
		}
		this.types = new LinkedHashMap<>();
		for (int i = 0; i < types.size(); i++) {
			String name = types.get(i).name();
			Class<?> entity = entities.get(name.toLowerCase(Locale.ROOT));
			if (entity == null) {
				TreeSet<String> known = new TreeSet<>();
				entityManagerFactory.getMetamodel().getEntities().forEach((e) -> known.add(e.getName()));
				throw new IllegalStateException("io.content-types[" + i + "] '" + name
						+ "' is not a JPA entity name; the entities are " + known);
			}
			this.types.put(entity, name);
		}
	}

	/**
	 * Register the listeners with Hibernate.
	 * @param entityManagerFactory a Hibernate entity manager factory
	 * @param publisher where the changes go
	 */
	public void register(EntityManagerFactory entityManagerFactory, IoContentPublisher publisher) {
		if (this.types.isEmpty()) {
			return;
		}
		HibernateContentListener listener = new HibernateContentListener(this.types, publisher);
		EventListenerRegistry registry = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
			.getServiceRegistry()
			.requireService(EventListenerRegistry.class);
		registry.appendListeners(EventType.POST_COMMIT_INSERT, listener);
		registry.appendListeners(EventType.POST_COMMIT_UPDATE, listener);
		registry.appendListeners(EventType.POST_COMMIT_DELETE, listener);
	}

}
