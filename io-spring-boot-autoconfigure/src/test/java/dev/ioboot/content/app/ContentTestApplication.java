package dev.ioboot.content.app;

import javax.crypto.spec.SecretKeySpec;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A JPA application with two entities announced as content types.
 */
@SpringBootApplication
public class ContentTestApplication {

	/** HS256 key shared by the decoder and the tests that sign tokens. */
	public static final SecretKeySpec KEY = new SecretKeySpec(
			"content-events-test-secret-of-32-bytes-or-more".getBytes(), "HmacSHA256");

	@Bean
	JwtDecoder jwtDecoder() {
		return NimbusJwtDecoder.withSecretKey(KEY).macAlgorithm(MacAlgorithm.HS256).build();
	}

	/**
	 * Writes in transactions, some of which roll back.
	 */
	@Service
	public static class Writes {

		@PersistenceContext
		private EntityManager entityManager;

		@Transactional
		public Author author(String name) {
			Author author = new Author(name, "secret-" + name);
			this.entityManager.persist(author);
			return author;
		}

		@Transactional
		public Post post(String title, long authorId, boolean fail) {
			Post post = new Post(title, "internal note", this.entityManager.getReference(Author.class, authorId));
			this.entityManager.persist(post);
			this.entityManager.flush();
			if (fail) {
				throw new IllegalStateException("rolled back on purpose");
			}
			return post;
		}

		@Transactional
		public void rename(long postId, String title) {
			this.entityManager.find(Post.class, postId).setTitle(title);
		}

		@Transactional
		public void delete(long postId) {
			this.entityManager.remove(this.entityManager.find(Post.class, postId));
		}

	}

}
