package dev.ioboot.sample.content;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes articles, each call in its own transaction. A write with {@code fail}
 * flushes its SQL, then throws {@link SimulatedFailureException}, which rolls it back.
 */
@Service
public class ArticleService {

	private final ArticleRepository articles;

	public ArticleService(ArticleRepository articles) {
		this.articles = articles;
	}

	/**
	 * List every article.
	 * @return the articles, by id
	 */
	@Transactional(readOnly = true)
	public List<Article> findAll() {
		return this.articles.findAll(Sort.by("id"));
	}

	/**
	 * Create an article.
	 * @param title the title
	 * @param body the body
	 * @param fail whether to roll back after the insert
	 * @return the saved article
	 */
	@Transactional
	public Article create(String title, String body, boolean fail) {
		Article article = this.articles.saveAndFlush(new Article(title, body));
		SimulatedFailureException.throwIf(fail, "inserting article " + article.getId());
		return article;
	}

	/**
	 * Replace the title and body of an article.
	 * @param id the article id
	 * @param title the new title
	 * @param body the new body
	 * @param fail whether to roll back after the update
	 * @return the updated article, or empty if no article has that id
	 */
	@Transactional
	public Optional<Article> update(long id, String title, String body, boolean fail) {
		return this.articles.findById(id).map((article) -> {
			article.setTitle(title);
			article.setBody(body);
			this.articles.saveAndFlush(article);
			SimulatedFailureException.throwIf(fail, "updating article " + id);
			return article;
		});
	}

	/**
	 * Delete an article.
	 * @param id the article id
	 * @param fail whether to roll back after the delete
	 * @return whether an article had that id
	 */
	@Transactional
	public boolean delete(long id, boolean fail) {
		Optional<Article> article = this.articles.findById(id);
		article.ifPresent((existing) -> {
			this.articles.delete(existing);
			this.articles.flush();
			SimulatedFailureException.throwIf(fail, "deleting article " + id);
		});
		return article.isPresent();
	}

}
