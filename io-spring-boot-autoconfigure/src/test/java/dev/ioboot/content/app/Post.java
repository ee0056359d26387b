package dev.ioboot.content.app;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

@Entity
public class Post {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String title;

	private String internal;

	@JsonIgnore
	private String draft = "not for clients";

	@ManyToOne(fetch = FetchType.LAZY)
	private Author author;

	@ElementCollection(fetch = FetchType.LAZY)
	private Map<String, String> tags = new LinkedHashMap<>();

	protected Post() {
	}

	public Post(String title, String internal, Author author) {
		this.title = title;
		this.internal = internal;
		this.author = author;
	}

	public Long getId() {
		return this.id;
	}

	public String getTitle() {
		return this.title;
	}

	public void setTitle(String title) {
		this.title = title;
	}

	public String getInternal() {
		return this.internal;
	}

	public String getDraft() {
		return this.draft;
	}

	public Author getAuthor() {
		return this.author;
	}

	public Map<String, String> getTags() {
		return this.tags;
	}

}
