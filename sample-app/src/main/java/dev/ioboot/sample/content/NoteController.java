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
 * {@code /api/notes}: anyone reads, every field included; writes need a bearer token.
 * {@code ?fail=true} on a write runs it, then rolls it back and answers 500.
 */
@RestController
@RequestMapping("/api/notes")
public class NoteController {

	private final NoteService notes;

	public NoteController(NoteService notes) {
		this.notes = notes;
	}

	@GetMapping
	public List<Note> list() {
		return this.notes.findAll();
	}

	@PostMapping
	public ResponseEntity<Note> create(@RequestBody NoteRequest request,
			@RequestParam(defaultValue = "false") boolean fail) {
		Note note = this.notes.create(request.text(), request.internal(), request.apiKey(), fail);
		return ResponseEntity.created(URI.create("/api/notes/" + note.getId())).body(note);
	}

	@PutMapping("/{id}")
	public ResponseEntity<Note> update(@PathVariable long id, @RequestBody NoteRequest request,
			@RequestParam(defaultValue = "false") boolean fail) {
		return ResponseEntity.of(this.notes.update(id, request.text(), request.internal(), request.apiKey(), fail));
	}

	@DeleteMapping("/{id}")
	public ResponseEntity<Void> delete(@PathVariable long id, @RequestParam(defaultValue = "false") boolean fail) {
		return this.notes.delete(id, fail) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	/**
	 * The request body of a create or an update.
	 *
	 * @param text the text
	 * @param internal the internal remark
	 * @param apiKey the API key
	 */
	public record NoteRequest(String text, String internal, String apiKey) {

	}

}
