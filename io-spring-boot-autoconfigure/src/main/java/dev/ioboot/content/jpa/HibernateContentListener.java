package dev.ioboot.content.jpa;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.event.spi.AbstractPostDatabaseOperationEvent;
import org.hibernate.event.spi.PostCommitDeleteEventListener;
import org.hibernate.event.spi.PostCommitInsertEventListener;
import org.hibernate.event.spi.PostCommitUpdateEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.persister.entity.EntityPersister;

import dev.ioboot.content.ContentAction;
import dev.ioboot.content.IoContentPublisher;

/**
 * Hibernate post-commit listener that announces the inserts, updates and deletions of the
 * configured entities once their transaction has committed; a rolled-back write announces
 * nothing. It runs on the committing thread, and never lets a failure reach the
 * application's transaction.
 */
final class HibernateContentListener
		implements PostCommitInsertEventListener, PostCommitUpdateEventListener, PostCommitDeleteEventListener {

	private static final Log logger = LogFactory.getLog(HibernateContentListener.class);

	private final Map<Class<?>, String> types;

	private final IoContentPublisher publisher;

	HibernateContentListener(Map<Class<?>, String> types, IoContentPublisher publisher) {
		this.types = Map.copyOf(types);
		this.publisher = publisher;
	}

	@Override
	public boolean requiresPostCommitHandling(EntityPersister persister) {
		return type(persister) != null;
	}

	@Override
	public void onPostInsert(PostInsertEvent event) {
		announce(ContentAction.CREATE, event);
	}

	@Override
	public void onPostUpdate(PostUpdateEvent event) {
		announce(ContentAction.UPDATE, event);
	}

	@Override
	public void onPostDelete(PostDeleteEvent event) {
		announce(ContentAction.DELETE, event);
	}

	@Override
	public void onPostInsertCommitFailed(PostInsertEvent event) {
		// rolled back: nothing to announce
	}

	@Override
	public void onPostUpdateCommitFailed(PostUpdateEvent event) {
		// rolled back: nothing to announce
	}

	@Override
	public void onPostDeleteCommitFailed(PostDeleteEvent event) {
		// rolled back: nothing to announce
	}

	private void announce(ContentAction action, AbstractPostDatabaseOperationEvent event) {
		String type = type(event.getPersister());
		if (type == null) {
			return;
		}
		try {
			this.publisher.publish(type, action, event.getId(), event.getEntity());
		}
		catch (RuntimeException ex) {
			logger.error("Could not announce " + action.eventName(type) + " of id " + event.getId(), ex);
		}
	}

	private String type(EntityPersister persister) {
		for (Class<?> type = persister.getMappedClass(); type != null; type = type.getSuperclass()) {
			String name = this.types.get(type);
			if (name != null) {
				return name;
			}
		}
		return null;
	}

}
