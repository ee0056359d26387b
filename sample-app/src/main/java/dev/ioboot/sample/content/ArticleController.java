package dev.ioboot.sample.content;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/articles}: anyone reads, writes need a bearer token. {@code ?fail=true} on a
 * write runs it, then rolls it back and answers 500.
 */
@RestController
@RequestMapping("/api/articles")
public class ArticleController {

	private final ArticleService articles;

	public ArticleController(ArticleService articles) {
		this.articles = articles;
	}

	@GetMapping
	public List<Article> list() {
		return this.articles.findAll();
	}

	@PostMapping
	public ResponseEntity<Article> create(@RequestBody ArticleRequest request,
			@RequestParam(defaultValue = "false") boolean fail) {
		Article article = this.articles.create(request.title(), request.body(), fail);
		return ResponseEntity.created(URI.create("/api/articles/" + article.getId())).body(article);
	}

	@PutMapping("/{id}")
	public ResponseEntity<Article> update(@PathVariable long id, @RequestBody ArticleRequest request,
			@RequestParam(defaultValue = "false") boolean fail) {
		return ResponseEntity.of(this.articles.update(id, request.title(), request.body(), fail));
	}

	@DeleteMapping("/{id}")
	public ResponseEntity<Void> delete(@PathVariable long id, @RequestParam(defaultValue = "false") boolean fail) {
		return this.articles.delete(id, fail) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	/**
	 * The request body of a create or an update.
	 *
	 * @param title the title
	 * @param body the body
	 */
	public record ArticleRequest(String title, String body) {

	}

}
