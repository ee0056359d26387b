package dev.ioboot.sample.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A user of the sample application. Rows 1 to 3 are seeded from {@code data.sql}.
 */
@Entity
@Table(name = "app_user")
public class User {

	@Id
	private Long id;

	@Column(nullable = false)
	private String name;

	protected User() {
	}

	public User(Long id, String name) {
		this.id = id;
		this.name = name;
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

}
