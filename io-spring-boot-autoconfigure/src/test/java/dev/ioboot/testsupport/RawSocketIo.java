package dev.ioboot.testsupport;

import org.json.JSONArray;
import org.json.JSONObject;

import dev.ioboot.testsupport.RawEngineIoClient.RawWebSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket.IO packets of the main namespace as text, for tests that speak to the server packet
 * by packet over a {@link RawWebSocket}.
 */
public final class RawSocketIo {

	private RawSocketIo() {
	}

	/**
	 * Read a CONNECT answer.
	 * @param packet the packet, {@code 40{...}}
	 * @return its payload
	 * @throws Exception if it is not one
	 */
	public static JSONObject connectPayload(String packet) throws Exception {
		assertThat(packet).startsWith("40{");
		return new JSONObject(packet.substring(2));
	}

	/**
	 * Read an EVENT.
	 * @param packet the packet, {@code 42[...]}
	 * @return its name and arguments
	 * @throws Exception if it is not one
	 */
	public static JSONArray event(String packet) throws Exception {
		assertThat(packet).startsWith("42[");
		return new JSONArray(packet.substring(2));
	}

	/**
	 * Send an EVENT asking for an acknowledgement and read the next packet as its answer.
	 * @param socket the websocket
	 * @param id the acknowledgement id
	 * @param event the event as JSON, {@code ["name", args...]}
	 * @return the acknowledgement's arguments as JSON
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static String ack(RawWebSocket socket, int id, String event) throws InterruptedException {
		socket.send("42" + id + event);
		String answer = socket.nextText();
		assertThat(answer).startsWith("43" + id);
		return answer.substring(("43" + id).length());
	}

}
