package dev.ioboot.sample.content;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * A note: content type {@code note}, whose changes only editors see live, without the
 * {@code internal} field. The REST API shows every field.
 */
@Entity
public class Note {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(length = 10_000)
	private String text;

	private String internal;

	private String apiKey;

	protected Note() {
	}

	public Note(String text, String internal, String apiKey) {
		this.text = text;
		this.internal = internal;
		this.apiKey = apiKey;
	}

	public Long getId() {
		return this.id;
	}

	public String getText() {
		return this.text;
	}

	public void setText(String text) {
		this.text = text;
	}

	public String getInternal() {
		return this.internal;
	}

	public void setInternal(String internal) {
		this.internal = internal;
	}

	public String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(String apiKey) {
		this.apiKey = apiKey;
	}

}
