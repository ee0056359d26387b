package dev.ioboot.sample.content;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Spring Data repository of {@link Article}.
 */
public interface ArticleRepository extends JpaRepository<Article, Long> {

}
