package dev.ioboot.sample.content;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Spring Data repository of {@link Note}.
 */
public interface NoteRepository extends JpaRepository<Note, Long> {

}
