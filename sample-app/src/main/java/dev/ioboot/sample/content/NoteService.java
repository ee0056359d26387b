package dev.ioboot.sample.content;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and writes notes, each call in its own transaction. A write with {@code fail}
 * flushes its SQL, then throws {@link SimulatedFailureException}, which rolls it back.
 */
@Service
public class NoteService {

	private final NoteRepository notes;

	public NoteService(NoteRepository notes) {
		this.notes = notes;
	}

	/**
	 * List every note.
	 * @return the notes, by id
	 */
	@Transactional(readOnly = true)
	public List<Note> findAll() {
		return this.notes.findAll(Sort.by("id"));
	}

	/**
	 * Create a note.
	 * @param text the text
	 * @param internal the internal remark
	 * @param apiKey the API key
	 * @param fail whether to roll back after the insert
	 * @return the saved note
	 */
	@Transactional
	public Note create(String text, String internal, String apiKey, boolean fail) {
		Note note = this.notes.saveAndFlush(new Note(text, internal, apiKey));
		SimulatedFailureException.throwIf(fail, "inserting note " + note.getId());
		return note;
	}

	/**
	 * Replace the fields of a note.
	 * @param id the note id
	 * @param text the new text
	 * @param internal the new internal remark
	 * @param apiKey the new API key
	 * @param fail whether to roll back after the update
	 * @return the updated note, or empty if no note has that id
	 */
	@Transactional
	public Optional<Note> update(long id, String text, String internal, String apiKey, boolean fail) {
		return this.notes.findById(id).map((note) -> {
			note.setText(text);
			note.setInternal(internal);
			note.setApiKey(apiKey);
			this.notes.saveAndFlush(note);
			SimulatedFailureException.throwIf(fail, "updating note " + id);
			return note;
		});
	}

	/**
	 * Delete a note.
	 * @param id the note id
	 * @param fail whether to roll back after the delete
	 * @return whether a note had that id
	 */
	@Transactional
	public boolean delete(long id, boolean fail) {
		Optional<Note> note = this.notes.findById(id);
		note.ifPresent((existing) -> {
			this.notes.delete(existing);
			this.notes.flush();
			SimulatedFailureException.throwIf(fail, "deleting note " + id);
		});
		return note.isPresent();
	}

}
