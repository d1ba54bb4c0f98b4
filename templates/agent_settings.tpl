{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{PAGE_TITLE}}</h1>
{{#SAVED}}<p class="notice" role="status">[[Paramètres enregistrés.]]</p>{{/SAVED}}
{{#FORM_ERRORS}}<div class="alert" role="alert"><ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul></div>{{/FORM_ERRORS}}
<form action="/agent/parametres" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<div class="field"><label for="rappel">[[Rappel envoyé avant le rendez-vous (heures)]]</label>
{{#ERR_RAPPEL}}<p class="error">{{E_RAPPEL}}</p>{{/ERR_RAPPEL}}
<input id="rappel" name="rappel" type="text" inputmode="numeric" maxlength="3" value="{{V_RAPPEL}}"></div>
<div class="field"><label for="horizon">[[Réservation possible jusqu'à (jours)]]</label>
{{#ERR_HORIZON}}<p class="error">{{E_HORIZON}}</p>{{/ERR_HORIZON}}
<input id="horizon" name="horizon" type="text" inputmode="numeric" maxlength="3" value="{{V_HORIZON}}"></div>
<div class="field"><label for="delai_min">[[Délai minimum avant un rendez-vous pris en ligne (heures)]]</label>
{{#ERR_DELAI_MIN}}<p class="error">{{E_DELAI_MIN}}</p>{{/ERR_DELAI_MIN}}
<input id="delai_min" name="delai_min" type="text" inputmode="numeric" maxlength="3" value="{{V_DELAI_MIN}}"></div>
<div class="field"><label for="limite_annulation">[[Annulation ou déplacement en ligne jusqu'à (heures avant)]]</label>
{{#ERR_LIMITE_ANNULATION}}<p class="error">{{E_LIMITE_ANNULATION}}</p>{{/ERR_LIMITE_ANNULATION}}
<input id="limite_annulation" name="limite_annulation" type="text" inputmode="numeric" maxlength="3" value="{{V_LIMITE_ANNULATION}}"></div>
<div class="field"><input id="agents_totp" name="agents_totp" type="checkbox" value="1"{{#AGENTS_TOTP}} checked{{/AGENTS_TOTP}}>
<label for="agents_totp">[[Exiger la double authentification des agents et des mairies partenaires (toujours exigée des administrateurs)]]</label></div>
<div class="field"><input id="ants_bloquer" name="ants_bloquer" type="checkbox" value="1"{{#ANTS_BLOCK}} checked{{/ANTS_BLOCK}} aria-describedby="ants_bloquer_aide">
<label for="ants_bloquer">[[Refuser la réservation quand l'ANTS ne répond pas à la vérification d'un numéro de pré-demande]]</label>
<p class="hint" id="ants_bloquer_aide">[[Sinon la réservation est prise et le numéro vérifié de nouveau avant d'être déclaré à l'ANTS.]]</p></div>
<fieldset>
<legend>[[Liste d'attente]]</legend>
<div class="field"><label for="attente_delai">[[Proposer seulement les horaires à plus de (heures)]]</label>
{{#ERR_ATTENTE_DELAI}}<p class="error" id="attente_delai-err">{{E_ATTENTE_DELAI}}</p>{{/ERR_ATTENTE_DELAI}}
<input id="attente_delai" name="attente_delai" type="text" inputmode="numeric" maxlength="3" value="{{V_ATTENTE_DELAI}}"{{#ERR_ATTENTE_DELAI}} aria-invalid="true" aria-describedby="attente_delai-err"{{/ERR_ATTENTE_DELAI}}></div>
<div class="field"><label for="attente_garde">[[Horaire gardé pour la personne pendant (minutes)]]</label>
{{#ERR_ATTENTE_GARDE}}<p class="error" id="attente_garde-err">{{E_ATTENTE_GARDE}}</p>{{/ERR_ATTENTE_GARDE}}
<input id="attente_garde" name="attente_garde" type="text" inputmode="numeric" maxlength="3" value="{{V_ATTENTE_GARDE}}"{{#ERR_ATTENTE_GARDE}} aria-invalid="true" aria-describedby="attente_garde-err"{{/ERR_ATTENTE_GARDE}}></div>
<div class="field"><label for="calme_debut">[[Aucun message à partir de (heure)]]</label>
{{#ERR_CALME_DEBUT}}<p class="error" id="calme_debut-err">{{E_CALME_DEBUT}}</p>{{/ERR_CALME_DEBUT}}
<input id="calme_debut" name="calme_debut" type="text" inputmode="numeric" maxlength="2" value="{{V_CALME_DEBUT}}"{{#ERR_CALME_DEBUT}} aria-invalid="true" aria-describedby="calme_debut-err"{{/ERR_CALME_DEBUT}}></div>
<div class="field"><label for="calme_fin">[[Messages de nouveau à partir de (heure)]]</label>
{{#ERR_CALME_FIN}}<p class="error" id="calme_fin-err">{{E_CALME_FIN}}</p>{{/ERR_CALME_FIN}}
<input id="calme_fin" name="calme_fin" type="text" inputmode="numeric" maxlength="2" value="{{V_CALME_FIN}}"{{#ERR_CALME_FIN}} aria-invalid="true" aria-describedby="calme_fin-err"{{/ERR_CALME_FIN}}></div>
</fieldset>
<fieldset>
<legend>[[Enquête de satisfaction]]</legend>
<p class="hint" id="avis_aide">[[Après un rendez-vous terminé, la personne reçoit une fois, par SMS ou courriel, le lien d'un court questionnaire anonyme. Les résultats sont publiés par lieu et par trimestre sur la page Qualité.]]</p>
<div class="field"><label for="avis_delai">[[Envoyer l'invitation après la fin du rendez-vous (heures, 0 à 168)]]</label>
{{#ERR_AVIS_DELAI}}<p class="error" id="avis_delai-err">{{E_AVIS_DELAI}}</p>{{/ERR_AVIS_DELAI}}
<input id="avis_delai" name="avis_delai" type="text" inputmode="numeric" maxlength="3" value="{{V_AVIS_DELAI}}" aria-describedby="avis_aide{{#ERR_AVIS_DELAI}} avis_delai-err{{/ERR_AVIS_DELAI}}"{{#ERR_AVIS_DELAI}} aria-invalid="true"{{/ERR_AVIS_DELAI}}></div>
<div class="field"><label for="avis_part">[[Part des rendez-vous terminés interrogés (%, 0 à 100 ; 0 : aucune enquête)]]</label>
{{#ERR_AVIS_PART}}<p class="error" id="avis_part-err">{{E_AVIS_PART}}</p>{{/ERR_AVIS_PART}}
<input id="avis_part" name="avis_part" type="text" inputmode="numeric" maxlength="3" value="{{V_AVIS_PART}}"{{#ERR_AVIS_PART}} aria-invalid="true" aria-describedby="avis_part-err"{{/ERR_AVIS_PART}}></div>
</fieldset>
<p class="actions"><button type="submit" class="button">[[Enregistrer]]</button></p>
</form>
{{#NOSHOW_NOTICE}}
<h2 id="absences">[[Personnes absentes à leur rendez-vous]]</h2>
{{#NOTICE_SAVED}}<p class="notice" role="status">[[Choix enregistré.]]</p>{{/NOTICE_SAVED}}
{{#NOTICE_ERROR}}<div class="alert" role="alert"><p><a href="#prevenir-message">{{MESSAGE}}</a></p></div>{{/NOTICE_ERROR}}
<form action="/agent/parametres/absences" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<fieldset>
<legend>[[Quand un agent note une absence, la personne est prévenue]]</legend>
<p><input type="radio" id="prevenir-message" name="prevenir" value="message"{{#NOTICE_MESSAGE}} checked{{/NOTICE_MESSAGE}}> <label for="prevenir-message">[[par un message (SMS ou courriel)]]</label></p>
<p><input type="radio" id="prevenir-lettre" name="prevenir" value="letter"{{#NOTICE_LETTER}} checked{{/NOTICE_LETTER}}> <label for="prevenir-lettre">[[par une lettre imprimée par la mairie]]</label></p>
<p><input type="radio" id="prevenir-deux" name="prevenir" value="both"{{#NOTICE_BOTH}} checked{{/NOTICE_BOTH}}> <label for="prevenir-deux">[[par les deux]]</label></p>
</fieldset>
<p class="hint">[[Les lettres s'impriment depuis le rendez-vous, ou toutes celles d'un jour depuis la page « Lettres d'absence ».]] <a href="/agent/absences?commune={{COMMUNE_ID}}">[[Lettres d'absence]]</a></p>
<p class="actions"><button type="submit" class="button">[[Enregistrer]]</button></p>
</form>
{{/NOSHOW_NOTICE}}
{{#DELAYS}}
<h2 id="retraits">[[Délais de fabrication des titres]]</h2>
{{#DELAYS_SAVED}}<p class="notice" role="status">[[Délais enregistrés.]]</p>{{/DELAYS_SAVED}}
{{#DELAY_ERRORS}}<div class="alert" role="alert"><ul>{{#DELAY_ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/DELAY_ERROR}}</ul></div>{{/DELAY_ERRORS}}
<form action="/agent/parametres/retraits" method="post" class="card">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="commune" value="{{COMMUNE_ID}}">
<p class="hint" id="delais_aide">[[Quand un agent note la fin d'un dépôt, l'agenda propose le premier créneau de retrait libre du même lieu après ce délai (instruction et fabrication du titre). Laissez vide pour ne rien proposer.]]</p>
{{#DELAY}}<div class="field"><label for="{{FIELD}}">{{NAME}} ([[jours, 1 à]] {{MAX}})</label>
{{#ERR}}<p class="error">{{MESSAGE}}</p>{{/ERR}}
<input id="{{FIELD}}" name="{{FIELD}}" type="text" inputmode="numeric" maxlength="3" value="{{VALUE}}" aria-describedby="delais_aide"></div>
{{/DELAY}}
<p class="actions"><button type="submit" class="button">[[Enregistrer les délais]]</button></p>
</form>
{{/DELAYS}}
{{>FOOTER}}
